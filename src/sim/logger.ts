/** The logging the simulator needs; a pino logger fits, and the default is silent. */
export interface SimLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  debug(message: string): void;
}

export const silentSimLogger: SimLogger = {
  info: () => {},
  warn: () => {},
  error: () => {},
  debug: () => {},
};
