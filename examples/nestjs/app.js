// The NestJS recipe of @share/server's README: wxShare() applied through MiddlewareConsumer to every method under wx/.
// Plain JavaScript, so the decorators are called as functions; in TypeScript they are @Module({}) and so on.
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { wxShare } from '@share/server';

export function createApp(options) {
  const share = wxShare(options);
  class AppModule {
    configure(consumer) {
      // Nest hands the middleware req.url '/' and req.originalUrl '/wx/signature': share matches the latter.
      consumer.apply(share).forRoutes('wx/*path');
    }
  }
  Module({})(AppModule);
  return { app: () => NestFactory.create(AppModule, { logger: false }), share };
}
