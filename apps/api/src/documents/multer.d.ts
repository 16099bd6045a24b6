/**
 * The part of multer (a dependency of @nestjs/platform-express, without types of its own) that the
 * verification upload uses: one file, kept in memory, under limits.
 */
declare module 'multer' {
  import type { Request, Response } from 'express';

  interface Options {
    storage?: unknown;
    limits?: { fileSize?: number; files?: number; fields?: number; parts?: number; fieldSize?: number };
  }
  type Middleware = (req: Request, res: Response, next: (err?: unknown) => void) => void;
  interface Multer {
    single(field: string): Middleware;
  }
  interface MulterStatic {
    (options?: Options): Multer;
    memoryStorage(): unknown;
    MulterError: new (code: string, field?: string) => Error & { code: string; field?: string };
  }
  const multer: MulterStatic;
  export = multer;
}
