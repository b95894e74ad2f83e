import '@audience-presence/react/audience-list.css';
import '@audience-presence/react/audience-chart.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { readDemoConfig } from './config';
import './styles.css';

const config = readDemoConfig(import.meta.env, location.search);
// `?viewers=0` starts an empty simulated channel (the e2e tests count from zero).
const viewers = Number(new URLSearchParams(location.search).get('viewers') ?? '24');
const initialViewers =
  Number.isInteger(viewers) && viewers >= 0 && viewers <= 100_000 ? viewers : 24;

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App config={config} initialViewers={initialViewers} />
  </StrictMode>,
);
