// The NestJS recipe of @share/server's README: wxShare() applied through MiddlewareConsumer to every method under wx/.
// Plain JavaScript, so the decorators are called as functions; in TypeScript they are @Module({}) and so on.
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { wxShare } from '@share/server';

/** `globalPrefix`: Nest's app.setGlobalPrefix(); share's `path` then names the full route ('/api/wx/signature'). */
export function createApp(options, globalPrefix) {
  const share = wxShare(options);
  class AppModule {
    configure(consumer) {
      // Nest hands the middleware req.url '/' and req.originalUrl '/wx/signature': share matches the latter.
      consumer.apply(share).forRoutes('wx/*path');
    }
  }
  Module({})(AppModule);
  const create = async () => {
    const app = await NestFactory.create(AppModule, { logger: false });
    if (globalPrefix !== undefined) app.setGlobalPrefix(globalPrefix);
    return app;
  };
  return { app: create, share };
}
