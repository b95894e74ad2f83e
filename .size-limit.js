// Size budget of @audience-presence/react (core included), min + gzip, as an app
// bundling the built packages (`pnpm build` first) would ship them. React and the
// Agora SDKs are the app's own (peers; the SDKs load lazily), so they are not
// counted; zustand and @tanstack/react-virtual are. Run: `pnpm size`.
const ignore = ['react', 'react-dom', 'agora-rtm-sdk', 'agora-rtc-react', 'agora-rtc-sdk-ng'];
const react = 'packages/react/dist/index.js';

export default [
  {
    name: 'hooks: provider + useDualChannel + useAudiencePresence',
    path: react,
    import: '{ AudiencePresenceProvider, useDualChannel, useAudiencePresence }',
    ignore,
    gzip: true,
    limit: '10 KB',
  },
  {
    name: 'everything, AudienceList included',
    path: react,
    import: '*',
    ignore,
    gzip: true,
    limit: '20 KB',
  },
];
