/**
 * What the protocol asks of a server after `shutdown`: every request is answered with
 * InvalidRequest (-32600), whatever its method, and nothing is published (no diagnostics, no
 * notification) until `exit`. One wrapper around the connection does it for every handler the
 * server registers, so no new handler can forget.
 */
import { ErrorCodes, ResponseError, type Connection } from 'vscode-languageserver';

/** Registrations that are notifications (skipped after shutdown) rather than requests (refused). */
const isNotification = (name: string): boolean =>
  name.startsWith('onDid') ||
  name.startsWith('onWill') ||
  name === 'onNotification' ||
  name === 'onInitialized';
/** Left alone: the lifecycle itself. */
const LIFECYCLE = new Set(['onInitialize', 'onExit', 'onShutdown']);
/** Messages the server sends: dropped after shutdown. */
const SENDS = new Set(['sendDiagnostics', 'sendNotification', 'sendProgress', 'sendRequest']);

const refused = (): ResponseError<void> =>
  new ResponseError(ErrorCodes.InvalidRequest, 'the server is shut down: only "exit" is accepted');

export function gateAfterShutdown(connection: Connection): Connection {
  let down = false;
  connection.onShutdown(() => void (down = true));
  // Requests for methods nobody registered: refused as well, not "method not found", once down.
  connection.onRequest((method) => {
    if (down) throw refused();
    throw new ResponseError(ErrorCodes.MethodNotFound, `unhandled method ${method}`);
  });
  return new Proxy(connection, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof prop !== 'string' || typeof value !== 'function') return value;
      const fn = value as (...args: unknown[]) => unknown;
      if (SENDS.has(prop))
        return (...args: unknown[]) => (down ? Promise.resolve(undefined) : fn.apply(target, args));
      if (prop === 'onShutdown')
        return (handler: (...a: unknown[]) => unknown) =>
          fn.call(target, (...a: unknown[]) => {
            down = true;
            return handler(...a);
          });
      if (!prop.startsWith('on') || LIFECYCLE.has(prop)) return fn.bind(target);
      const notification = isNotification(prop);
      return (...args: unknown[]) =>
        fn.apply(
          target,
          args.map((a) =>
            typeof a === 'function'
              ? (...params: unknown[]) => {
                  if (!down) return (a as (...p: unknown[]) => unknown)(...params);
                  if (notification) return undefined;
                  throw refused();
                }
              : a,
          ),
        );
    },
  });
}
