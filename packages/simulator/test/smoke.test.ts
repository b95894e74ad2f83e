import { expect, it } from 'vitest';
import { joined, setup } from './helpers';

it('smoke: two clients see each other', async () => {
  const { cloud } = setup();
  const a = await joined(cloud, 'alice');
  const b = await joined(cloud, 'bob');
  expect(a.log.types()).toEqual(['SNAPSHOT', 'REMOTE_JOIN:bob']);
  expect(b.log.presence[0]?.snapshot?.map((u) => u.userId)).toEqual(['alice', 'bob']);
  await b.client.presence.setState('live', 'MESSAGE', { hand: 'up' });
  expect(a.log.presence.at(-1)?.stateChanged).toEqual({ hand: 'up' });
  const crowd = cloud.crowd('live');
  crowd.join(100);
  expect(a.log.types().filter((t) => t.startsWith('REMOTE_JOIN')).length).toBe(48);
});
