// A new user's first page: the provider on the simulator, the hooks and the list.
import '@audience-presence/react/audience-list.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createSimulatedCloud } from '@audience-presence/simulator';
import { App } from './app';

const APP_ID = '0123456789abcdef0123456789abcdef';
const cloud = createSimulatedCloud();
const rtc = cloud.createRtcClient({ mode: 'live' });
const rtm = cloud.createRtmClient(APP_ID, 'me');
cloud.crowd('live').join(25);

const root = document.getElementById('root');
if (!root) throw new Error('no #root');
createRoot(root).render(
  <StrictMode>
    <App appId={APP_ID} userId="me" rtcClient={rtc} rtmClient={rtm} />
  </StrictMode>,
);
