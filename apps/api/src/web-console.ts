import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { static as serveStatic } from 'express';
import * as path from 'node:path';

/** The API's own paths: never the console's, whatever they are. */
const API_PATH = /^\/(api|health)(\/|$)/;

/**
 * The web console (apps/web, built into `webDir` by `npm run build`) at /, on the API's origin:
 * its files as they are (Vite names assets by content: cached for good; index.html is asked again
 * each time), and index.html for any other GET that is not the API's, so the console's router
 * takes a deep link or a reload.
 *
 * Two express handlers rather than @nestjs/serve-static: that module's error middleware answers
 * every error raised before a route on an excluded path (a malformed JSON body, a broken escape in
 * a path) with a 404 "Cannot POST …", hiding the API's own 400 that names the field.
 */
export function serveConsole(app: NestExpressApplication, webDir: string): void {
  const index = path.join(webDir, 'index.html');
  const files = serveStatic(webDir, {
    index: false,
    setHeaders: (res, file) => res.setHeader('Cache-Control', /[\\/]assets[\\/]/.test(file) ? 'public, max-age=31536000, immutable' : 'no-cache'),
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || API_PATH.test(req.path)) return next();
    files(req, res, () => {
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(index, (err) => err && next());
    });
  });
}
