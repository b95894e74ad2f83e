export { FIRST_NAMES, LAST_NAMES, fakeFirstName, fakeName } from './fake-names';
export { makeMembers, type MakeMembersOptions } from './make-members';
export { CHROMIUM_ARGS, CHROMIUM_PATH, chromiumLaunchOptions } from './chromium';
export { TEST_APP_ID } from './agora';
