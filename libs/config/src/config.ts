import { plainToInstance, Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUrl, Matches, Max, Min, validateSync } from 'class-validator';
import * as path from 'node:path';
import { findRepoRoot } from './temporal-binaries';

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

  /** Where people reach the API and its console: links in mail and calendar feeds start with it. */
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true }, { message: 'PUBLIC_URL must be an http(s) URL, e.g. https://notices.example.org' })
  PUBLIC_URL?: string;

  /** Logins per minute from one client address (all accounts together); 0: no limit. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(100_000)
  LOGIN_RATE_LIMIT: number = 60;

  /** Express's `trust proxy` behind a reverse proxy (e.g. `loopback`, `1`): which X-Forwarded-For to believe for the client's address. Unset: none. */
  @IsOptional()
  @IsString()
  TRUST_PROXY?: string;

  /** The built web console (`npm run build` writes it to dist/web), served by the API at /. */
  @IsOptional()
  @IsString()
  WEB_DIR?: string;

  /** The e-mail channel: smtp://user:pass@host:port (smtps:// for implicit TLS). Unset: e-mail is off. */
  @IsOptional()
  @Matches(/^smtps?:\/\/[^\s]+$/, { message: 'SMTP_URL must be smtp://… or smtps://…' })
  SMTP_URL?: string;

  /** The From of every mail: an address, or `Name <address>`. */
  @IsOptional()
  @IsString()
  SMTP_FROM?: string;

  /** Lets webhook endpoints resolve to loopback or private addresses (tests, an OA system on the LAN). */
  @IsOptional()
  @IsIn(['true', 'false'])
  WEBHOOK_ALLOW_PRIVATE?: 'true' | 'false';

  /**
   * The faces of the rendered notice (GB/T 9704): `path` or `path#PostScriptName` (a face of a
   * .ttc collection). Defaults: Debian's fonts-noto-cjk; a deployment substitutes the official
   * faces (仿宋_GB2312, 方正小标宋简体, 黑体, 楷体_GB2312) by pointing these at their files.
   */
  @IsOptional()
  @IsString()
  NOTICE_FONT_BODY?: string;

  @IsOptional()
  @IsString()
  NOTICE_FONT_TITLE?: string;

  @IsOptional()
  @IsString()
  NOTICE_FONT_HEADING?: string;

  @IsOptional()
  @IsString()
  NOTICE_FONT_KAI?: string;
}

/** A font file and, in a collection (.ttc), the PostScript name of the face. */
export interface FontSource {
  path: string;
  face: string | null;
}

const NOTO = '/usr/share/fonts/opentype/noto';
/** 仿宋-style body, 小标宋-style title and mark, 黑体 (first-level headings), 楷体 (second-level). */
export const DEFAULT_NOTICE_FONTS = {
  body: `${NOTO}/NotoSerifCJK-Regular.ttc#NotoSerifCJKsc-Regular`,
  title: `${NOTO}/NotoSerifCJK-Bold.ttc#NotoSerifCJKsc-Bold`,
  heading: `${NOTO}/NotoSansCJK-Regular.ttc#NotoSansCJKsc-Regular`,
} as const;

export function fontSource(spec: string): FontSource {
  const hash = spec.lastIndexOf('#');
  return hash > 0 ? { path: spec.slice(0, hash), face: spec.slice(hash + 1) || null } : { path: spec, face: null };
}

export interface AppConfig {
  nodeEnv: EnvironmentVariables['NODE_ENV'];
  port: number;
  databaseUrl: string;
  temporal: { address: string; namespace: string; taskQueue: string };
  jwtSecret: string;
  /** True when the development JWT secret is in use: say so loudly at start-up. */
  usingDevJwtSecret: boolean;
  /** The base of links people follow (mail, calendar feeds), without a trailing slash. */
  publicUrl: string;
  /** The e-mail channel; null when SMTP_URL is unset (the channel is off). */
  smtp: { url: string; from: string } | null;
  webhooks: { allowPrivate: boolean };
  /** Logins per minute per client address; 0 when unlimited. */
  loginRateLimit: number;
  /** Express's `trust proxy` setting, or null (the socket's address is the client's). */
  trustProxy: string | null;
  /** The built web console the API serves at / (absolute). */
  webDir: string;
  /** The faces of the rendered notice (NOTICE_FONT_*). */
  noticeFonts: { body: FontSource; title: FontSource; heading1: FontSource; heading2: FontSource };
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
    publicUrl: (vars.PUBLIC_URL ?? `http://localhost:${vars.PORT}`).replace(/\/+$/, ''),
    smtp: vars.SMTP_URL ? { url: vars.SMTP_URL, from: vars.SMTP_FROM || '全国科普日联合通知 <notices@localhost>' } : null,
    webhooks: { allowPrivate: vars.WEBHOOK_ALLOW_PRIVATE === 'true' },
    loginRateLimit: vars.LOGIN_RATE_LIMIT,
    trustProxy: vars.TRUST_PROXY || null,
    webDir: path.resolve(findRepoRoot(), vars.WEB_DIR ?? path.join('dist', 'web')),
    noticeFonts: {
      body: fontSource(vars.NOTICE_FONT_BODY || DEFAULT_NOTICE_FONTS.body),
      title: fontSource(vars.NOTICE_FONT_TITLE || DEFAULT_NOTICE_FONTS.title),
      heading1: fontSource(vars.NOTICE_FONT_HEADING || DEFAULT_NOTICE_FONTS.heading),
      // No free 楷体 in Debian's CJK fonts: the second level falls back to the body's face.
      heading2: fontSource(vars.NOTICE_FONT_KAI || vars.NOTICE_FONT_BODY || DEFAULT_NOTICE_FONTS.body),
    },
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
