// Where the library reports what a person should know. It never receives a secret.

export interface Logger {
  warn(message: string): void;
  error(message: string): void;
  info?(message: string): void;
}

export const consoleLogger: Logger = {
  warn: (message) => console.warn(`[share] ${message}`),
  error: (message) => console.error(`[share] ${message}`),
};
