// The public API of @share/server.
export { wxShare } from './middleware.js';
export type { ShareRouter } from './middleware.js';
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
export { renderConfigScript } from './render-config.js';
export { pageUrl } from './page-url.js';
export type { PageRequest, PageUrlOptions, WebRequest } from './page-url.js';
export { signRequest } from './sign-request.js';
