export { jsapiSignature } from './signature.js';
export type { SignatureInput } from './signature.js';
