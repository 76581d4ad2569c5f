// Type-level test, compiled by tsconfig.exact.json (exactOptionalPropertyTypes): `undefined` is accepted for every
// optional option, as the README promises ("`undefined` is the same as leaving it out").
import type { AccountOptions, Options } from '../../src/index.js';

/** Every key of T, each set to undefined: assignable to T only if each optional property admits undefined. */
type AllUndefined<T> = { [K in keyof T]-?: undefined };

export const everyOptionUndefined: Options = {} as AllUndefined<Options>;
export const everyAccountOptionUndefined: AccountOptions = { appId: 'wx1234567890abcdef', ...({} as Omit<AllUndefined<AccountOptions>, 'appId'>) };
