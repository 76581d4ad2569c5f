// The public API of @share/server.
export { wxShare } from './middleware.js';
export type { ShareMiddleware } from './middleware.js';
export { createFetchHandler } from './fetch-handler.js';
export type { FetchHandler } from './fetch-handler.js';
export { createSigner } from './signer.js';
export type { Signer, SignResult, SignerStats } from './signer.js';
export { jsapiSignature } from './signature.js';
export type { SignatureInput } from './signature.js';
export { ShareError } from './errors.js';
export type { ShareErrorBody, ShareErrorCode } from './errors.js';
export type { Options, AccountOptions } from './options.js';
export type { Logger } from './logger.js';
export { MemoryStore } from './stores/memory.js';
export type { MemoryStoreOptions } from './stores/memory.js';
export type { CredentialStore, StoredCredential, Awaitable } from './stores/store.js';
export type { CredentialStats, Ticket } from './credentials.js';
