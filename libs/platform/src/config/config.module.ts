import { Global, Module, type DynamicModule } from '@nestjs/common';
import { Clock, SystemClock } from '@app/core';
import { AppConfig } from './app-config.js';

/** Provides the validated AppConfig and the Clock to every module. */
@Global()
@Module({})
export class ConfigModule {
  /** `clock` is for tests, which control time; the service runs on the system clock. */
  static forRoot(config: AppConfig, clock: Clock = new SystemClock()): DynamicModule {
    return {
      module: ConfigModule,
      providers: [
        { provide: AppConfig, useValue: config },
        { provide: Clock, useValue: clock },
      ],
      exports: [AppConfig, Clock],
    };
  }
}
