// `pnpm demo`: starts the demo on PORT (default 3000), offline unless WX_APPID and WX_APPSECRET are set.
import { createServer } from './server.js';

const port = Number(process.env.PORT ?? 3000);
const demo = await createServer();
// express 5 calls this with the error when listening fails (e.g. the port is taken).
const server = demo.app.listen(port, (error?: NodeJS.ErrnoException) => {
  if (error) {
    console.error(error.code === 'EADDRINUSE' ? `share demo: port ${port} is in use; set PORT to another one.` : `share demo: ${error.message}`);
    void demo.close().then(() => process.exit(1));
    return;
  }
  const url = `http://localhost:${port}/`;
  if (demo.offline) {
    console.log(`share demo: OFFLINE — WeChat's API and in-app bridge are emulated (no WX_APPID/WX_APPSECRET set).`);
    console.log(`  open ${url} in a desktop browser; switch between emulated iOS and Android WeChat in the QA panel.`);
    console.log(`  share analytics: ${url}dashboard/ (counts kept in ${demo.dataDir})`);
    if (demo.credentialsFile) console.log(`  agency (third-party platform): ${url}agency/ (credentials kept in ${demo.credentialsFile})`);
    // The emulated platform pushes its verify ticket and authorization events to this server from now on.
    demo.listening(`http://127.0.0.1:${port}`).catch((e: unknown) => console.error(`share demo: the emulated platform's pushes did not start: ${String(e)}`));
  } else {
    console.log(`share demo: ONLINE with appId ${demo.appId} (${process.env.WX_API_BASE ?? 'https://api.weixin.qq.com'}).`);
    console.log(`  open ${url} in WeChat; see apps/demo/README.md, "Test on real phones".`);
  }
});

const stop = () => server.close(() => void demo.close().then(() => process.exit(0)));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
