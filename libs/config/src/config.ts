import { plainToInstance, Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, Min, validateSync } from 'class-validator';

/** The development-only JWT secret. Outside development a real AUTH_JWT_SECRET is required. */
export const DEV_JWT_SECRET = 'dev-only-insecure-secret-change-me';

export class EnvironmentVariables {
  @IsOptional()
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  @IsNotEmpty({ message: 'DATABASE_URL is required (npm start provides an embedded PostgreSQL when it is unset)' })
  DATABASE_URL: string;

  @IsString()
  @IsNotEmpty({ message: 'TEMPORAL_ADDRESS is required (npm start starts a local dev server when it is unset)' })
  TEMPORAL_ADDRESS: string;

  @IsString()
  TEMPORAL_NAMESPACE = 'default';

  @IsString()
  TEMPORAL_TASK_QUEUE = 'joint-notices';

  @IsOptional()
  @IsString()
  AUTH_JWT_SECRET?: string;
}

export interface AppConfig {
  nodeEnv: EnvironmentVariables['NODE_ENV'];
  port: number;
  databaseUrl: string;
  temporal: { address: string; namespace: string; taskQueue: string };
  jwtSecret: string;
  /** True when the development JWT secret is in use: say so loudly at start-up. */
  usingDevJwtSecret: boolean;
}

/** Validates the environment once; fails start-up with every problem named. */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const vars = plainToInstance(EnvironmentVariables, env, { enableImplicitConversion: true, exposeDefaultValues: true });
  const errors = validateSync(vars, { skipMissingProperties: false, whitelist: false });
  const problems = errors.flatMap((e) => Object.values(e.constraints ?? {}));
  const production = vars.NODE_ENV === 'production';
  if (production && !vars.AUTH_JWT_SECRET) problems.push('AUTH_JWT_SECRET is required when NODE_ENV=production');
  if (problems.length) throw new Error(`invalid configuration:\n - ${problems.join('\n - ')}`);
  return {
    nodeEnv: vars.NODE_ENV,
    port: vars.PORT,
    databaseUrl: vars.DATABASE_URL,
    temporal: { address: vars.TEMPORAL_ADDRESS, namespace: vars.TEMPORAL_NAMESPACE, taskQueue: vars.TEMPORAL_TASK_QUEUE },
    jwtSecret: vars.AUTH_JWT_SECRET || DEV_JWT_SECRET,
    usingDevJwtSecret: !vars.AUTH_JWT_SECRET,
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
