// The main entry of @share/server: the signing core. Server-rendered pages, analytics and the token service client
// have their own entries (@share/server/ssr, /analytics, /token-service).
export { wxShare } from './middleware.js';
export type { ShareMiddleware } from './middleware.js';
export { createFetchHandler } from './fetch-handler.js';
export type { FetchConnection, FetchHandler } from './fetch-handler.js';
export { createSigner } from './signer.js';
export type { AgentConfig, Signer, SignOptions, SignResult, SignerStats } from './signer.js';
export type { Container } from './container.js';
export { jsapiSignature } from './signature.js';
export type { SignatureInput } from './signature.js';
export { ShareError } from './errors.js';
export type { ShareErrorBody, ShareErrorCode } from './errors.js';
export type { Options, AccountOptions, OfficialAccountOptions, WecomAccountOptions } from './options.js';
export type { Logger } from './logger.js';
export { MemoryStore } from './stores/memory.js';
export type { MemoryStoreOptions } from './stores/memory.js';
export type { CredentialStore, StoredCredential, Awaitable } from './stores/store.js';
export type { AccessToken, CredentialStats, RefreshedAccessToken } from './credentials.js';
