/** The DOM node fields the block walk reads (linkedom's and the browser's nodes both have them). */
interface DomNode {
  readonly nodeType: number;
  readonly nodeName: string;
  readonly textContent: string | null;
  readonly childNodes: ArrayLike<DomNode>;
}

const TEXT_NODE = 3;
const ELEMENT_NODE = 1;
/** Elements that start and end a block of text: each becomes its own paragraph. */
const BLOCKS = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'DD', 'DIV', 'DL', 'DT', 'FIGCAPTION', 'FIGURE', 'FOOTER', 'FORM', 'H1', 'H2', 'H3',
  'H4', 'H5', 'H6', 'HEADER', 'HR', 'LI', 'MAIN', 'NAV', 'OL', 'P', 'PRE', 'SECTION', 'TABLE', 'TBODY', 'THEAD', 'TFOOT', 'UL', 'BR',
]);
const SKIPPED = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'IFRAME']);
/** Deeper nesting than this is refused: no real page needs it, and a walk that deep could exhaust the stack. */
export const MAX_DEPTH = 500;

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** A table row as one line: its cells' texts joined with ` | `. */
function rowText(row: DomNode): string {
  return Array.from(row.childNodes)
    .filter((cell) => cell.nodeName === 'TD' || cell.nodeName === 'TH')
    .map((cell) => collapse(cell.textContent ?? ''))
    .filter((cell) => cell !== '')
    .join(' | ');
}

/**
 * The text blocks of a DOM subtree in document order: headings, paragraphs, list items and table rows (cells
 * joined with ` | `), whitespace collapsed. Scripts and styles are skipped. Throws a RangeError past `MAX_DEPTH`.
 */
export function htmlBlocks(root: DomNode): string[] {
  const blocks: string[] = [];
  let buffer = '';
  const flush = () => {
    const text = collapse(buffer);
    if (text !== '') blocks.push(text);
    buffer = '';
  };
  const walk = (node: DomNode, depth: number) => {
    if (depth > MAX_DEPTH) throw new RangeError(`HTML nested deeper than ${MAX_DEPTH} elements`);
    if (node.nodeType === TEXT_NODE) {
      buffer += node.textContent ?? '';
      return;
    }
    if (node.nodeType !== ELEMENT_NODE && depth > 0) return;
    if (SKIPPED.has(node.nodeName)) return;
    if (node.nodeName === 'TR') {
      flush();
      const row = rowText(node);
      if (row !== '') blocks.push(row);
      return;
    }
    const isBlock = BLOCKS.has(node.nodeName);
    if (isBlock) flush();
    for (const child of Array.from(node.childNodes)) walk(child, depth + 1);
    if (isBlock) flush();
  };
  walk(root, 0);
  flush();
  return blocks;
}

/** Whether any element of the tree lies deeper than `MAX_DEPTH` (walked without recursion, so any depth is safe). */
export function nestedTooDeeply(root: DomNode): boolean {
  const stack: [DomNode, number][] = [[root, 0]];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const [node, depth] = item;
    if (depth > MAX_DEPTH) return true;
    for (const child of Array.from(node.childNodes)) if (child.nodeType === ELEMENT_NODE) stack.push([child, depth + 1]);
  }
  return false;
}
