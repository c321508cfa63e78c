// How the editor-page test and the start-up benchmark launch Debian's Chromium: the binary
// (UNGXU_CHROMIUM overrides it) and the flags for a headless run in a container.
export const CHROMIUM = process.env.UNGXU_CHROMIUM || '/usr/bin/chromium';
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
