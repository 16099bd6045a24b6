import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OnApplicationBootstrap } from '@nestjs/common';
import PDFDocument from 'pdfkit';
import { existsSync, readFileSync } from 'node:fs';
import type { AppConfig, FontSource } from '@config/config';
import { APP_CONFIG } from '@config/config';
import type { Measure } from '@domain/notice-layout';

/** The part of a fontkit font the renderers use (pdfkit takes the object itself as a font source). */
interface FontkitFont {
  postscriptName: string;
  unitsPerEm: number;
  layout(text: string): { positions: { xAdvance: number }[] };
}

/** A loaded face: what pdfkit embeds (and subsets), its name, and how wide its characters are. */
export interface LoadedFont {
  /** What pdfkit's registerFont takes: the parsed font, shared by every document. */
  source: Buffer & FontkitFont;
  /** The face's PostScript name (Word names the face by its family: `family`). */
  postscriptName: string;
  family: string;
  /** Width of a character in ems (full-width CJK: 1). */
  measure: Measure;
}

export interface FontSet {
  body: LoadedFont;
  title: LoadedFont;
  heading1: LoadedFont;
  heading2: LoadedFont;
}

/** The configured faces are missing: the deployment's problem, answered 503 and said at start. */
export class FontsUnavailable extends Error {
  override readonly name = 'FontsUnavailable';
}

/**
 * The notice's faces (NOTICE_FONT_*), each parsed once per process and shared by every document
 * rendered: parsing a 26 MB collection is most of a cold render. pdfkit embeds only the glyphs a
 * document uses (a subset).
 */
@Injectable()
export class FontBook implements OnApplicationBootstrap {
  private loaded: FontSet | null = null;
  private readonly log = new Logger('documents');

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  onApplicationBootstrap(): void {
    const missing = this.missing();
    if (missing.length) {
      this.log.warn(`The notice's fonts are not installed (${missing.join(', ')}): notice.pdf and notice.docx answer 503 until they are (Debian: apt-get install fonts-noto-cjk, or set NOTICE_FONT_*).`);
      return;
    }
    // Parsed once, soon after start (about 2 s of one core), so that the first person to open a
    // notice's PDF waits for its layout only, not for the fonts. Not in tests: most specs' APIs
    // never render, and each would pay for it.
    if (this.config.nodeEnv !== 'test') {
      setTimeout(() => {
        try {
          this.get();
        } catch (err) {
          this.log.warn(`The notice's fonts could not be read: ${(err as Error).message}`);
        }
      }, 1000).unref();
    }
  }

  private missing(): string[] {
    return Object.values(this.config.noticeFonts)
      .map((f) => f.path)
      .filter((p, i, all) => all.indexOf(p) === i && !existsSync(p));
  }

  get(): FontSet {
    if (this.loaded) return this.loaded;
    const missing = this.missing();
    if (missing.length) throw new FontsUnavailable(`the notice's fonts are not installed: ${missing.join(', ')}`);
    const cache = new Map<string, LoadedFont>();
    const load = (src: FontSource): LoadedFont => {
      const key = `${src.path}#${src.face ?? ''}`;
      const hit = cache.get(key);
      if (hit) return hit;
      const font = loadFont(src);
      cache.set(key, font);
      return font;
    };
    const f = this.config.noticeFonts;
    this.loaded = { body: load(f.body), title: load(f.title), heading1: load(f.heading1), heading2: load(f.heading2) };
    return this.loaded;
  }
}

function loadFont(src: FontSource): LoadedFont {
  // pdfkit parses the file with fontkit; the parsed font is then handed to every document.
  const probe = new PDFDocument({ autoFirstPage: false });
  const data = readFileSync(src.path);
  if (src.face) probe.registerFont('probe', data, src.face);
  else probe.registerFont('probe', data);
  probe.font('probe');
  const font = (probe as unknown as { _font: { font: FontkitFont & { familyName?: string } } })._font.font;
  const widths = new Map<string, number>();
  const measure: Measure = (ch) => {
    let w = widths.get(ch);
    if (w === undefined) {
      w = font.layout(ch).positions.reduce((s, p) => s + p.xAdvance, 0) / font.unitsPerEm;
      widths.set(ch, w);
    }
    return w;
  };
  return { source: font as Buffer & FontkitFont, postscriptName: font.postscriptName, family: font.familyName ?? font.postscriptName, measure };
}
