// The demo app: an existing Express app that adds WeChat sharing the way a user would.
import express from 'express';

export function createServer(): express.Express {
  const app = express();
  app.get('/', (_req, res) => {
    res.type('html').send('<!doctype html><title>share demo</title><h1>share demo</h1>');
  });
  return app;
}
