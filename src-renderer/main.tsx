/**
 * The renderer's entry: builds the store, connects to the web shell with the token in
 * the address fragment, starts the bridge and renders the app (Player and Plugins).
 */
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AppProvider } from './app-context.tsx';
import { openContractSocket, socketUrl, tokenFromHash, uploadPackage } from './connection.ts';
import { connectElectron, electronBridgeOf } from './electron-host.ts';
import { App } from './App.tsx';
import { startBridge } from './store/bridge.ts';
import { createCommands, type Host } from './store/commands.ts';
import { createAppStore, type AppStore } from './store/store.ts';
import { createContractClient } from '../src-shared/contract/index.ts';

const store = createAppStore();
const token = tokenFromHash(location.hash);
// Until the socket opens every call answers "not connected"; the socket's client replaces it.
const host: Host = {
  contract: createContractClient(() => Promise.resolve({ ok: false, error: { code: 'io', message: 'not connected to Fugue yet; wait for the connection or reload the page' } })),
  upload: (file) => uploadPackage(file, token ?? ''),
};
const commands = createCommands(host, store);

async function connect(store: AppStore, token: string | undefined): Promise<void> {
  // In the Electron shell the preload's bridge is the contract; in a browser, the socket is.
  const bridge = electronBridgeOf(window);
  if (bridge !== undefined) connectElectron(bridge, host, store, commands);
  else if (!(await connectSocket(store, token))) return;
  await Promise.all([commands.refreshList(), commands.refreshPlayer()]);
}

/** Opens the web shell's socket; false when there is none to open (the store says why). */
async function connectSocket(store: AppStore, token: string | undefined): Promise<boolean> {
  if (token === undefined) {
    store.getState().setConnection('no-token');
    return false;
  }
  const opened = await openContractSocket(socketUrl(location, token));
  if (!opened.ok) {
    store.getState().setConnection('refused', opened.error.message);
    return false;
  }
  const { socket, closed } = opened.value;
  host.contract = socket.contract;
  const bridge = startBridge((listener) => socket.onEvent(listener), store, commands);
  store.getState().setConnection('open');
  void closed.then(() => {
    bridge.dispose();
    store.getState().setConnection('closed', 'The connection to Fugue closed (was fugue serve stopped?). Start it again and open the address it prints.');
  });
  return true;
}

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <AppProvider store={store} commands={commands}>
      <App />
    </AppProvider>
  </StrictMode>,
);
void connect(store, token);
