/** Hands the store and the commands to components, so tests can give each render its own. */
import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { Commands } from './store/commands.ts';
import type { AppState, AppStore } from './store/store.ts';

interface AppContextValue {
  store: AppStore;
  commands: Commands;
}

const AppContext = createContext<AppContextValue | null>(null);

export function AppProvider({ store, commands, children }: AppContextValue & { children: ReactNode }) {
  return <AppContext.Provider value={{ store, commands }}>{children}</AppContext.Provider>;
}

function useAppContext(): AppContextValue {
  const value = useContext(AppContext);
  if (value === null) throw new Error('a component of the app was rendered outside <AppProvider>');
  return value;
}

/** Selects from the app store; select single fields, or wrap derived objects in `useShallow`. */
export function useApp<T>(selector: (state: AppState) => T): T {
  return useStore(useAppContext().store, selector);
}

export function useCommands(): Commands {
  return useAppContext().commands;
}
