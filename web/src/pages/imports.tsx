import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/client.ts';
import { useImportLevels } from '../api/imports.ts';
import type { ImportFormat, ImportMode, LevelImportReport } from '../api/types.ts';
import { InlineError } from '../components/inline-error.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { AdminGate } from '../layout/admin-gate.tsx';
import { useDocumentTitle } from '../layout/document-title.ts';
import { contentTypeOf, importPath, planStillHolds, wouldChange } from '../lib/imports.ts';
import './live.css';
import { ReportPanel } from './imports/report-panel.tsx';
import { type UploadChoice, UploadForm } from './imports/upload-form.tsx';

interface Planned {
  file: File;
  format: ImportFormat;
  mode: ImportMode;
  report: LevelImportReport;
}

/** A refused file: the API's message names the place (line, column, JSON path); a hint says what to check. */
function Refusal({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const api = isApiError(error) ? error : undefined;
  if (api?.status === 400 || api?.status === 413 || api?.status === 415) {
    return (
      <div className="error-panel" role="alert">
        <p className="error-title">{t('imports.refused.title')}</p>
        <p>
          <code className="refusal">{api.message}</code>
        </p>
        <p>{t(api.status === 413 ? 'imports.refused.tooLarge' : 'imports.refused.hint')}</p>
      </div>
    );
  }
  return <InlineError error={error} title={t('imports.refused.failed')} />;
}

function Imports({ guildId, guildName }: { guildId: string; guildName: string }) {
  const { t } = useTranslation();
  useDocumentTitle(t('nav.imports'), guildName);
  const upload = useImportLevels(guildId);
  const [choice, setChoice] = useState<UploadChoice>({ file: undefined, format: 'mee6', mode: 'xp' });
  const [planned, setPlanned] = useState<Planned | undefined>();
  const [applied, setApplied] = useState<LevelImportReport | undefined>();
  const result = useRef<HTMLDivElement>(null);
  const holds = planStillHolds(planned, choice);
  // The answer arrives below the form: the keyboard and screen reader follow it there.
  useEffect(() => {
    if (planned || applied) result.current?.focus();
  }, [planned, applied]);

  const send = (file: File, format: ImportFormat, mode: ImportMode, dryRun: boolean) =>
    upload.mutateAsync({
      path: importPath(guildId, { format, mode, dryRun }),
      file,
      contentType: contentTypeOf(format),
    });

  const check = (next: UploadChoice & { file: File }) => {
    setApplied(undefined);
    setPlanned(undefined);
    send(next.file, next.format, next.mode, true).then(
      (report) => setPlanned({ file: next.file, format: next.format, mode: next.mode, report }),
      () => {},
    );
  };
  const apply = () => {
    if (!planned) return;
    send(planned.file, planned.format, planned.mode, false).then(
      (report) => {
        setApplied(report);
        setPlanned(undefined);
      },
      () => {},
    );
  };

  return (
    <section aria-labelledby="page-title" className="imports-page">
      <PageHeading>{t('imports.title')}</PageHeading>
      <p className="lead">{t('imports.lead')}</p>
      <UploadForm
        value={choice}
        pending={upload.isPending}
        onValue={(next) => {
          setChoice(next);
          upload.reset();
        }}
        onCheck={check}
      />
      {upload.isError ? <Refusal error={upload.error} /> : null}
      <div ref={result} tabIndex={-1} className="import-result">
        {applied ? (
          <ReportPanel report={applied} />
        ) : planned ? (
          <ReportPanel
            report={planned.report}
            actions={
              holds && wouldChange(planned.report) ? (
                <div className="form-actions">
                  <button
                    type="button"
                    className="button primary"
                    disabled={upload.isPending}
                    onClick={apply}
                  >
                    {upload.isPending
                      ? t('imports.report.importing')
                      : t('imports.report.import', { count: planned.report.summary.usersChanged })}
                  </button>
                  <p className="field-hint">{t('imports.report.importHint')}</p>
                </div>
              ) : (
                <p className="notice" role="status">
                  {holds ? t('imports.report.nothing') : t('imports.report.stale')}
                </p>
              )
            }
          />
        ) : null}
      </div>
    </section>
  );
}

/** Levels from MEE6, Polaris or a CSV: a dry run first, then the import (docs/karma.md). */
export default function ImportsPage() {
  return (
    <AdminGate page="imports">
      {(guild) => <Imports key={guild.id} guildId={guild.id} guildName={guild.name} />}
    </AdminGate>
  );
}
