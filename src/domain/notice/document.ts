import { bodyText, escapeHtml, headerText } from './text-safety';

/**
 * A message as structure (headings, paragraphs, lists) rendered twice, to plain text and to HTML, by one
 * function. Both parts therefore always say the same thing, and escaping happens in exactly one place: every
 * string in a {@link MessageDocument} is treated as untrusted text.
 */

/** One block of a section. `text` may span lines (customer- or staff-supplied text keeps its line breaks). */
export type Block = { kind: 'paragraph'; text: string } | { kind: 'list'; items: string[] };

/** A titled part of the message. */
export interface Section {
  heading: string;
  blocks: Block[];
}

/** The whole message before rendering. */
export interface MessageDocument {
  subject: string;
  greeting: string;
  intro: string[];
  sections: Section[];
  closing: string[];
}

/** A rendered message: a header-safe subject and the two body parts. */
export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
}

const para = (text: string): string => escapeHtml(bodyText(text)).replace(/\n/g, '<br>\n');

function textBlock(block: Block): string {
  if (block.kind === 'paragraph') return bodyText(block.text);
  return block.items.map((item) => `  - ${bodyText(item).replace(/\n/g, '\n    ')}`).join('\n');
}

function htmlBlock(block: Block): string {
  if (block.kind === 'paragraph') return `<p>${para(block.text)}</p>`;
  return `<ul>\n${block.items.map((item) => `<li>${para(item)}</li>`).join('\n')}\n</ul>`;
}

/** Renders both parts; the subject is reduced to one safe line. */
export function renderDocument(doc: MessageDocument): RenderedMessage {
  const subject = headerText(doc.subject);
  const text = [
    bodyText(doc.greeting),
    ...doc.intro.map(bodyText),
    ...doc.sections.map((s) => `${bodyText(s.heading).toUpperCase()}\n${s.blocks.map(textBlock).join('\n\n')}`),
    ...doc.closing.map(bodyText),
  ].join('\n\n');
  const html = [
    '<!DOCTYPE html>',
    '<html lang="en">',
    `<head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    '<body style="font-family: Arial, Helvetica, sans-serif; line-height: 1.45; max-width: 42em;">',
    `<p>${para(doc.greeting)}</p>`,
    ...doc.intro.map((p) => `<p>${para(p)}</p>`),
    ...doc.sections.map((s) =>
      [`<h2 style="font-size: 1.1em;">${para(s.heading)}</h2>`, ...s.blocks.map(htmlBlock)].join('\n'),
    ),
    ...doc.closing.map((p) => `<p>${para(p)}</p>`),
    '</body>',
    '</html>',
  ].join('\n');
  return { subject, text: `${text}\n`, html: `${html}\n` };
}
