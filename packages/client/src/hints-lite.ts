// The hints of dist/share.min.js: none (every byte ships to every visitor); the README's Errors table has them all.
export const hint = (_message: string) => '';
