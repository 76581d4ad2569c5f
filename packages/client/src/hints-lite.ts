// The hints of dist/share.min.js: one pointer to the README table instead of the texts (every byte ships to every visitor).
export const HINTS: [string, string][] = [['', 'see the hints table in the @share/client README']];
