/**
 * Finds user-visible English written straight into the workshop layer's source instead of
 * the catalogue: JSX text, text-bearing attributes (aria-label, title, placeholder, alt…)
 * and any other string literal that reads like prose (a capitalised word, or two words
 * with a space). Used by `hardcoded.test.ts`; kept separate so the rules can be tested.
 */
import ts from "typescript";
import en from "./en.json";

/** A catalogue key ("vote.title") is a reference to text, not text. */
const KEYS: ReadonlySet<string> = new Set(Object.keys(en));

export interface Finding {
  file: string;
  line: number;
  text: string;
}

/** Attributes whose value is shown or read out: any letters in them are text. */
const TEXT_ATTRIBUTES = /^(title|alt|placeholder|label|aria-label|aria-description|aria-roledescription|aria-valuetext|aria-placeholder)$/;

/** Attributes and properties whose value is never shown or read out (ids, classes, test hooks, roles, headers). */
const SILENT_ATTRIBUTES = /^(class|className|id|key|type|role|href|src|rel|target|name|for|htmlFor|style|tabIndex|inputMode|autoComplete|autocomplete|method|action|lang|dir|data-[\w-]+|Authorization|Content-Type|headers|aria-(labelledby|describedby|controls|live|hidden|current|pressed|expanded|checked|selected|disabled|busy|atomic|relevant|haspopup|modal|orientation|owns|activedescendant|sort|level|posinset|setsize|valuemin|valuemax|valuenow|errormessage|keyshortcuts))$/;

/** Calls whose string arguments are for developers, not people. */
const SILENT_CALLS = /^(console\.\w+|t|setAttribute|getAttribute|removeAttribute|hasAttribute|querySelector|querySelectorAll|closest|getElementById|addEventListener|removeEventListener|dispatchEvent|get|set|has|delete|getMap|getArray|getText|post|fetch|require|matchMedia|startsWith|endsWith|includes|split|replace|join|toLocaleString|Intl\.\w+|CustomEvent|Event|h|createElement|useState|trace|mark|measure)$/;

const PROSE = /(^|[^\w-])[A-Z][a-z]{2,}|\p{L}{2,}[,.:;!?]?\s+\p{L}{2,}/u;

function looksLikeProse(text: string): boolean {
  const trimmed = text.trim();
  if (!/\p{L}{2}/u.test(trimmed)) return false;
  // CSS, selectors, paths, identifiers, MIME types, URLs and key names are not prose.
  if (/^[\w.-]+\/[\w./-]*$/.test(trimmed) || /^[\w-]+$/.test(trimmed) && !/^[A-Z][a-z]+$/.test(trimmed)) return false;
  if (/^(https?:|\/|\.|#|\[|@)/.test(trimmed) || /[{};]\s*$/.test(trimmed) && /:\s/.test(trimmed)) return false;
  return PROSE.test(trimmed);
}

function calleeName(node: ts.CallExpression | ts.NewExpression): string {
  const callee = node.expression;
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) {
    const target = callee.expression;
    if (ts.isIdentifier(target) && (target.text === "console" || target.text === "Intl")) return `${target.text}.${callee.name.text}`;
    return callee.name.text;
  }
  return "";
}

/** True when the literal is used where nobody sees it (a key, a class, a comparison…). */
function silentUse(node: ts.Node): boolean {
  const parent = node.parent;
  if (!parent) return false;
  if (ts.isImportDeclaration(parent) || ts.isExportDeclaration(parent) || ts.isImportTypeNode(parent.parent ?? parent)) return true;
  if (ts.isLiteralTypeNode(parent)) return true;
  if (ts.isPropertyAssignment(parent) && parent.name === node) return true;
  if (ts.isPropertyAssignment(parent) && ts.isIdentifier(parent.name) && SILENT_ATTRIBUTES.test(parent.name.text)) return true;
  if (ts.isPropertyAssignment(parent) && ts.isStringLiteral(parent.name) && SILENT_ATTRIBUTES.test(parent.name.text)) return true;
  if (ts.isJsxAttribute(parent) && SILENT_ATTRIBUTES.test(parent.name.getText())) return true;
  if (ts.isJsxExpression(parent) && parent.parent && ts.isJsxAttribute(parent.parent) && SILENT_ATTRIBUTES.test(parent.parent.name.getText())) return true;
  if (ts.isElementAccessExpression(parent) && parent.argumentExpression === node) return true;
  // element.className = `…`, element.id = "…": a silent property of a DOM node.
  if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken && parent.right === node && ts.isPropertyAccessExpression(parent.left) && SILENT_ATTRIBUTES.test(parent.left.name.text)) return true;
  if (ts.isBinaryExpression(parent) && [ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken, ts.SyntaxKind.EqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsToken, ts.SyntaxKind.InKeyword].includes(parent.operatorToken.kind)) return true;
  if (ts.isCaseClause(parent)) return true;
  if ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.expression !== node && SILENT_CALLS.test(calleeName(parent))) {
    // h(tag, attrs, ...children): only the tag name is silent; the children are shown.
    if (calleeName(parent) === "h") return parent.arguments?.[0] === node;
    // setAttribute("aria-label", text): the value is shown when the attribute speaks.
    if (calleeName(parent) === "setAttribute") return parent.arguments?.[1] !== node || SILENT_ATTRIBUTES.test((parent.arguments?.[0] as ts.StringLiteral | undefined)?.text ?? "");
    return true;
  }
  return false;
}

/** Every hard-coded visible string in one source file, except those `allowed`. */
export function scanSource(file: string, source: string, allowed: ReadonlySet<string> = new Set()): Finding[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const findings: Finding[] = [];
  const report = (node: ts.Node, text: string): void => {
    const clean = text.replace(/\s+/g, " ").trim();
    if (allowed.has(clean) || KEYS.has(clean)) return;
    findings.push({ file, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1, text: clean });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isJsxText(node)) {
      if (/\p{L}/u.test(node.text)) report(node, node.text);
    } else if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      // A JSX attribute or an h() attribute is text exactly when it is a text attribute
      // (aria-label="Close" is read out; d="M4 7V5…" and scope="row" are not).
      const attribute = ts.isJsxAttribute(node.parent) ? node.parent.name.getText() : ts.isPropertyAssignment(node.parent) && node.parent.initializer === node ? node.parent.name.getText().replace(/^["']|["']$/g, "") : null;
      if (attribute !== null && TEXT_ATTRIBUTES.test(attribute)) {
        if (/\p{L}/u.test(node.text)) report(node, node.text);
      } else if (!(attribute !== null && ts.isJsxAttribute(node.parent)) && looksLikeProse(node.text) && !silentUse(node)) report(node, node.text);
    } else if (ts.isTemplateExpression(node)) {
      const parts = [node.head.text, ...node.templateSpans.map((span) => span.literal.text)].join(" … ");
      if (looksLikeProse(parts) && !silentUse(node)) report(node, parts);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return findings;
}
