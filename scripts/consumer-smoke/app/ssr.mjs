// Server rendering of the provider, the hooks and AudienceList in plain Node
// (no window). Any console warning or error fails it: React prints
// "useLayoutEffect does nothing on the server" through console.error.
import { createElement as h } from 'react';
import { version } from 'react';
import { renderToString } from 'react-dom/server';
import {
  AudienceList,
  AudiencePresenceProvider,
  useAudienceCount,
  useDualChannel,
} from '@audience-presence/react';

const printed = [];
for (const level of ['error', 'warn']) {
  // recorded, printed once below (first line: React adds a component stack)
  console[level] = (...args) => {
    printed.push(`console.${level}: ${args.map(String).join(' ').split('\n')[0]}`);
  };
}

function Stage() {
  const { status } = useDualChannel({ channel: 'live' });
  const count = useAudienceCount();
  return h(
    'main',
    null,
    h('p', { id: 'status' }, status),
    h('p', { id: 'count' }, count),
    h(AudienceList, { height: 300 }),
  );
}

const html = renderToString(
  h(
    AudiencePresenceProvider,
    { appId: '0123456789abcdef0123456789abcdef', userId: 'me' },
    h(Stage),
  ),
);
const problems = [...printed];
if (!html.includes('<p id="status">idle</p>'))
  problems.push(`unexpected html: ${html.slice(0, 300)}`);
// the list's root and its scroller (class-names.ts), not just any ARIA attribute
if (!/class="ap-audience-list[ "]/.test(html) || !html.includes('ap-audience-list__scroller'))
  problems.push(`AudienceList rendered nothing: ${html.slice(0, 300)}`);
if (problems.length > 0) {
  console.log(`SSR on React ${version}: FAILED`);
  for (const p of problems) console.log(`  ${p}`);
  process.exit(1);
}
console.log(
  `SSR on React ${version}: ok (${html.length} chars of HTML, no console warning or error)`,
);
