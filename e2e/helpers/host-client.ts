/**
 * What the specs' host-side steps need of a connection to the host: the contract, the
 * events received since connecting, and a wait on them. The web specs' socket client
 * (`SocketClient`) and the Electron specs' `ElectronHost` (through the preload) both are
 * one, so the same helpers serve both shells.
 */
import type { SocketClient } from '../../src-main/web/testing.ts';

export type HostClient = Pick<SocketClient, 'contract' | 'events' | 'waitForEvent'>;
