import { useCallback, useState } from 'react';
import { useSaveKarmaSettings } from '../../api/queries.ts';
import type { KarmaSettings } from '../../api/types.ts';
import {
  type Drafts,
  draftOf,
  type FormName,
  firstInvalidNumber,
  isDirty,
  patchOf,
} from '../../lib/karma-settings.ts';

export type FormStatus =
  | { kind: 'idle' }
  | { kind: 'saving' }
  | { kind: 'saved'; at: number }
  /** A number field left empty or half typed: refused before sending. */
  | { kind: 'invalid'; field: string }
  | { kind: 'failed'; error: unknown };

export interface SettingsEditor {
  settings: KarmaSettings;
  draft<F extends FormName>(form: F): Drafts[F];
  setDraft<F extends FormName>(form: F, edit: (draft: Drafts[F]) => Drafts[F]): void;
  dirty(form: FormName): boolean;
  status(form: FormName): FormStatus;
  save(form: FormName): Promise<void>;
  discard(form: FormName): void;
}

const IDLE: FormStatus = { kind: 'idle' };

function without(drafts: Partial<Drafts>, form: FormName): Partial<Drafts> {
  const rest = { ...drafts };
  delete rest[form];
  return rest;
}

/**
 * The page's drafts and save states, one per form, kept above the tabs: switching tabs keeps
 * what was typed, and a save that ends after its tab was left still records its outcome.
 */
export function useSettingsEditor(guildId: string, settings: KarmaSettings): SettingsEditor {
  const [drafts, setDrafts] = useState<Partial<Drafts>>({});
  const [statuses, setStatuses] = useState<Partial<Record<FormName, FormStatus>>>({});
  const saveSettings = useSaveKarmaSettings(guildId);
  const mark = useCallback(
    (form: FormName, status: FormStatus) => setStatuses((all) => ({ ...all, [form]: status })),
    [],
  );

  const draft = <F extends FormName>(form: F): Drafts[F] => drafts[form] ?? draftOf(form, settings);

  const setDraft = <F extends FormName>(form: F, edit: (current: Drafts[F]) => Drafts[F]) => {
    setDrafts((all) => ({ ...all, [form]: edit(all[form] ?? draftOf(form, settings)) }));
    // "Saved" described the stored values; an edit makes it stale. A refusal stays until the next save.
    setStatuses((all) => (all[form]?.kind === 'saved' ? { ...all, [form]: IDLE } : all));
  };

  const save = async (form: FormName) => {
    const sent = drafts[form];
    const patch = patchOf(form, draft(form), settings);
    const invalid = firstInvalidNumber(patch);
    if (invalid !== undefined) {
      mark(form, { kind: 'invalid', field: invalid });
      return;
    }
    mark(form, { kind: 'saving' });
    try {
      await saveSettings.mutateAsync(patch);
      // Edits typed while the save was on its way stay a draft.
      setDrafts((all) => (all[form] === sent ? without(all, form) : all));
      mark(form, { kind: 'saved', at: Date.now() });
    } catch (error) {
      mark(form, { kind: 'failed', error });
    }
  };

  return {
    settings,
    draft,
    setDraft,
    dirty: (form) => isDirty(form, drafts[form], settings),
    status: (form) => statuses[form] ?? IDLE,
    save,
    discard: (form) => {
      setDrafts((all) => without(all, form));
      mark(form, IDLE);
    },
  };
}
