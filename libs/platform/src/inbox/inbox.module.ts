import { Global, Module } from '@nestjs/common';
import { AlertStream } from './alert-stream.service.js';
import { AlertsController } from './inbox.controller.js';
import { Inbox } from './inbox.service.js';

/** Writing to and reading staff members' inboxes: every role, every library (through PlatformModule). */
@Global()
@Module({ providers: [Inbox], exports: [Inbox] })
export class InboxModule {}

/** The inbox over HTTP and its live stream (one Redis subscriber per process): the api role only. */
@Module({ controllers: [AlertsController], providers: [AlertStream], exports: [AlertStream] })
export class InboxHttpModule {}
