import type { ReactNode } from 'react';

export interface FieldProblems<F extends string> {
  message(field: F): string | undefined;
  /** The control's aria-describedby: its hint, then its problem when it has one. */
  describedBy(field: F, hint?: string): string | undefined;
  /** The problem, under the field; nothing when it has none. */
  error(field: F): ReactNode;
}

/**
 * What a form says under its fields: its own check's refusal at the field it names, else the API's
 * refusal at the field the API names (`api`), never both: a form that refuses did not send.
 */
export function fieldProblems<F extends string>(
  formId: string,
  invalid: F | undefined,
  invalidMessage: (field: F) => string,
  api: { field: F | undefined; message: string } | undefined,
): FieldProblems<F> {
  const message = (field: F): string | undefined => {
    if (invalid === field) return invalidMessage(field);
    if (!invalid && api && api.field === field) return api.message;
    return undefined;
  };
  const errorId = (field: F) => `${formId}-${field}-error`;
  return {
    message,
    describedBy: (field, hint) =>
      [hint, message(field) ? errorId(field) : undefined].filter(Boolean).join(' ') || undefined,
    error(field) {
      const text = message(field);
      return text ? (
        <p className="field-error" id={errorId(field)}>
          {text}
        </p>
      ) : null;
    },
  };
}
