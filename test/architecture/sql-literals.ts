import ts from 'typescript';

/**
 * Finds SQL in TypeScript source: string and template literals that read as SQL, `sql` tagged
 * templates, and Kysely query builder calls. SQL in this code base is written with upper-case
 * keywords and lower-case names (`SELECT total FROM user_karma WHERE guild_id = $1`), which is what
 * tells it from prose ("Add or remove karma from a member"), HTTP methods (`'DELETE'`) and error
 * kinds (`'CONFLICT'`): the patterns are case-sensitive on purpose.
 */

export interface SqlFinding {
  /** 1-based. */
  readonly line: number;
  /** The literal on one line, placeholders as `${}`, cut to 100 characters. */
  readonly text: string;
}

/** A whole statement: the literal starts with one (after blanks, `--` comments and an opening parenthesis). */
const STATEMENT = new RegExp(
  `^(${[
    'SELECT\\s',
    'INSERT\\s+INTO\\s',
    'UPDATE\\s+[a-z_][\\w.]*(\\s+[a-z_]\\w*)?\\s+SET\\s',
    'DELETE\\s+FROM\\s',
    'WITH\\s+(RECURSIVE\\s+)?[a-z_]\\w*(\\s*\\([^)]*\\))?\\s+AS\\s',
    '(CREATE|ALTER|DROP)\\s+(TABLE|INDEX|UNIQUE|SCHEMA|EXTENSION|TYPE|FUNCTION|TRIGGER|VIEW|MATERIALIZED|SEQUENCE|OR\\s+REPLACE|POLICY|ROLE)\\b',
    'TRUNCATE\\s',
    '(UN)?LISTEN\\s',
    'NOTIFY\\s',
    'LOCK\\s+TABLE\\s',
    'COPY\\s+[a-z_]',
    'VACUUM(\\s|;|$)',
    'EXPLAIN\\s',
    '(BEGIN|COMMIT|ROLLBACK)(\\s|;|$)',
    '(SAVEPOINT|RELEASE\\s+SAVEPOINT)\\s',
    'SET\\s+(LOCAL|SESSION|TRANSACTION)\\s',
  ].join('|')})`,
);

/** A clause that only SQL has, for fragments that are joined into a statement elsewhere. */
const CLAUSES = [
  /\b(FROM|JOIN|INTO)\s+[a-z_][a-z0-9_]*\b/,
  /\bUPDATE\s+[a-z_][a-z0-9_]*\s/,
  /\bWHERE\s+[a-z_(]/,
  /\bON\s+CONFLICT\b/,
  /\bRETURNING\s+[a-z_*]/,
  /\b(ORDER|GROUP)\s+BY\s+[a-z_(]/,
  /\bFOR\s+(UPDATE|SHARE|NO\s+KEY\s+UPDATE)\b/,
  /\$\d+::[a-z]/,
  /[=<>]\s*\$\d+\b/,
  /\bANY\s*\(\s*\$\d+/,
];

/** Kysely's query builders: a query built here is SQL as much as a written one. */
const QUERY_BUILDERS = new Set([
  'selectFrom',
  'insertInto',
  'updateTable',
  'deleteFrom',
  'replaceInto',
  'mergeInto',
]);

function stripLead(text: string): string {
  return text.replace(/^(\s|--[^\n]*\n|\()+/, '');
}

export function isSql(text: string): boolean {
  return STATEMENT.test(stripLead(text)) || CLAUSES.some((clause) => clause.test(text));
}

function literalText(node: ts.Node): string | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node))
    return node.head.text + node.templateSpans.map((span) => `\${}${span.literal.text}`).join('');
  return undefined;
}

function isSqlTag(tag: ts.Expression): boolean {
  if (ts.isIdentifier(tag)) return tag.text === 'sql';
  return ts.isPropertyAccessExpression(tag) && isSqlTag(tag.expression);
}

function isModuleSpecifier(node: ts.Node): boolean {
  const parent = node.parent;
  return (
    ts.isImportDeclaration(parent) ||
    ts.isExportDeclaration(parent) ||
    ts.isExternalModuleReference(parent) ||
    (parent.parent !== undefined && ts.isImportTypeNode(parent.parent)) ||
    (ts.isCallExpression(parent) && parent.expression.kind === ts.SyntaxKind.ImportKeyword)
  );
}

/** The SQL in one file's source, in source order. */
export function findSql(fileName: string, source: string): SqlFinding[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true);
  const findings: SqlFinding[] = [];
  const report = (node: ts.Node, text: string) => {
    const { line } = file.getLineAndCharacterOfPosition(node.getStart(file));
    findings.push({ line: line + 1, text: text.replace(/\s+/g, ' ').trim().slice(0, 100) });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isTaggedTemplateExpression(node) && isSqlTag(node.tag)) {
      report(node, literalText(node.template) ?? 'sql``');
      return;
    }
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      QUERY_BUILDERS.has(node.expression.name.text)
    ) {
      report(node, `${node.expression.name.text}(…) (a Kysely query)`);
    }
    const text = literalText(node);
    if (text !== undefined && !isModuleSpecifier(node) && isSql(text)) {
      report(node, text);
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return findings;
}
