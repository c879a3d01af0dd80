/**
 * Host-side typing of the contract: what each operation's implementation receives (params
 * already validated) and returns (a plain value; errors are thrown inside the host and
 * turned into data at the boundary by `createHandlers`).
 */
import type { z } from 'zod';
import type { ContractEvent, OperationName, Operations, ResultOf } from '../../src-shared/contract/registry.ts';

/** The validated params of operation `N`. */
export type CheckedParams<N extends OperationName> = z.output<Operations[N]['params']>;

/** One implementation per operation. */
export type OperationImpls = { [N in OperationName]: (params: CheckedParams<N>) => Promise<ResultOf<N>> };

/** Sends an event to every connected renderer. */
export type EmitEvent = (event: ContractEvent) => void;
