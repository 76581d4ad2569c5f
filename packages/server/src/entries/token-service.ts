// @share/server/token-service: the client of share's token service, for your other servers.
export { tokenServiceClient, TokenServiceError } from '../token-service-client.js';
export type { TokenServiceClient, TokenServiceClientOptions } from '../token-service-client.js';
