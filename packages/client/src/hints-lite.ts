// The hints of dist/share.min.js: a pointer to the README table instead of the texts (every byte ships to every visitor).
export const hint = (_message: string) => 'see @share/client README, Errors';
