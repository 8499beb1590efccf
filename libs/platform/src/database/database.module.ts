import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config.js';

/** TypeORM on PostgreSQL. Feature libs register their own entities with TypeOrmModule.forFeature. */
@Module({})
export class DatabaseModule {
  /** `role` names the process's connections in pg_stat_activity (service-window-api, -worker). */
  static forRoot(role: string): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => ({
            type: 'postgres',
            url: config.DATABASE_URL,
            autoLoadEntities: true,
            synchronize: false,
            migrationsRun: false,
            // A request that cannot get a connection within 10 s fails (500) instead of hanging.
            extra: { max: 10, connectionTimeoutMillis: 10_000, application_name: `service-window-${role}` },
          }),
        }),
      ],
    };
  }
}
