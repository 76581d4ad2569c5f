import { defineConfig } from 'vitest/config';
import { clientFilesDefine } from './client-files.js';

// The tests run src/ as it is: @share/client's files come in the way the build writes them in (client-files.js).
export default defineConfig({ define: clientFilesDefine() });
