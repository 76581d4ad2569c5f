#!/usr/bin/env node
// The `wechat-mock` command: a committed file, so that installing the workspace (before any build) can link it
// without a warning; it runs the built command.
import '../dist/cli.js';
