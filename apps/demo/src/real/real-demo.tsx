import { AudiencePresenceProvider, type DualChannel } from '@audience-presence/react';
import AgoraRTC, {
  AgoraRTCProvider,
  LocalVideoTrack,
  RemoteUser,
  useLocalCameraTrack,
  useLocalMicrophoneTrack,
  usePublish,
  useRemoteUsers,
  type ICameraVideoTrack,
} from 'agora-rtc-react';
import { useEffect, useMemo, useState } from 'react';
import type { Member } from '@audience-presence/core';
import { DemoScreen } from '../demo-screen';
import { exposeDemoHandle } from '../debug-handle';
import type { DemoSession } from '../session';
import { PlaceholderTile } from '../stage';
import { REAL_RTM_CONFIG } from './rtm-options';
import { createTokenProvider } from './token-provider';

/** Props of {@link RealDemo}. */
export interface RealDemoProps {
  readonly appId: string;
  readonly channel: string;
  readonly tokenUrl: string | null;
  /** bound on every Agora step: a bad App ID or no network ends in an error, not a spinner */
  readonly timeoutMs: number;
  readonly session: DemoSession;
  readonly onSessionChange: (next: DemoSession) => void;
  readonly onLeave: () => void;
}

/**
 * Real mode: the same screen on agora-rtc-react and agora-rtm-sdk. This module
 * is loaded with a dynamic import, so simulated mode never downloads the SDKs.
 */
export default function RealDemo(props: RealDemoProps) {
  const { appId, channel, tokenUrl, timeoutMs, session } = props;
  // The same client goes to AgoraRTCProvider and to AudiencePresenceProvider (packages/react README).
  const [rtcClient] = useState(() => AgoraRTC.createClient({ mode: 'live', codec: 'vp8' }));
  const tokenProvider = useMemo(
    () => (tokenUrl === null ? null : createTokenProvider(tokenUrl, session.userId)),
    [tokenUrl, session.userId],
  );
  const [camera, setCamera] = useState<ICameraVideoTrack | null>(null);
  useEffect(() => exposeDemoHandle({ mode: 'real' }), []);

  const renderTile = (member: Member, isSelf: boolean) => {
    if (isSelf) {
      return camera === null ? (
        <PlaceholderTile member={member} />
      ) : (
        <LocalVideoTrack track={camera} play className="tile-video" />
      );
    }
    return <RemoteTile member={member} />;
  };

  return (
    <AgoraRTCProvider client={rtcClient}>
      <AudiencePresenceProvider
        appId={appId}
        userId={session.userId}
        rtcClient={rtcClient}
        rtmConfig={REAL_RTM_CONFIG}
        tokenProvider={tokenProvider}
        timeoutMs={timeoutMs}
        includeSelfInAudience
      >
        <DemoScreen
          channel={channel}
          modeLabel={`Agora App ID ${appId.slice(0, 6)}…`}
          session={session}
          onSessionChange={props.onSessionChange}
          onLeave={props.onLeave}
          renderTile={renderTile}
          intervalSeconds={null}
        >
          {(dual) => <Publisher dual={dual} onCamera={setCamera} />}
        </DemoScreen>
      </AudiencePresenceProvider>
    </AgoraRTCProvider>
  );
}

/** A remote host's video, matched by the RTC uid in their presence state (or their userId). */
function RemoteTile({ member }: { member: Member }) {
  const users = useRemoteUsers();
  const uid = member.state['rtcUid'] ?? member.userId;
  const user = users.find((u) => String(u.uid) === uid);
  if (user === undefined) return <PlaceholderTile member={member} />;
  return <RemoteUser user={user} playVideo playAudio className="tile-video" />;
}

/**
 * Opens the camera and microphone while the local user is on stage and
 * publishes them through agora-rtc-react once the role change has landed
 * (publishing needs the host role: docs/agora-behaviour.md §2).
 */
function Publisher({
  dual,
  onCamera,
}: {
  dual: DualChannel;
  onCamera: (track: ICameraVideoTrack | null) => void;
}) {
  // only once the join (with the host role) has landed: no camera prompt for a join that fails
  const onStage = dual.role === 'host' && dual.status === 'joined';
  const { localMicrophoneTrack, error: micError } = useLocalMicrophoneTrack(onStage);
  const { localCameraTrack, error: cameraError } = useLocalCameraTrack(onStage);
  const { error: publishError } = usePublish([localMicrophoneTrack, localCameraTrack], onStage);
  useEffect(() => {
    onCamera(onStage ? localCameraTrack : null);
  }, [onStage, localCameraTrack, onCamera]);
  const error = cameraError ?? micError ?? publishError;
  if (!onStage || error === null) return null;
  return (
    <p className="panel warn" role="status">
      Camera or microphone unavailable: {error.message}. Others still see you on stage.
    </p>
  );
}
