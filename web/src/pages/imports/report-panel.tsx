import { type ReactNode, useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { LevelImportReport } from '../../api/types.ts';
import { Fact } from '../../components/fact.tsx';
import { TableHead } from '../../components/table-head.tsx';
import { formatDelta, formatNumber } from '../../lib/format.ts';
import { summaryFacts } from '../../lib/imports.ts';

/**
 * What a dry run found (or an import did): the summary, then the plan's first rows by imported
 * karma. The rows name members by id: the file knows no more, and neither does the answer.
 */
export function ReportPanel({ report, actions }: { report: LevelImportReport; actions?: ReactNode }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const id = useId();
  const n = (v: number) => formatNumber(v, lang);
  return (
    <section className="panel import-report" aria-labelledby={`${id}-title`}>
      <div className="panel-head">
        <h2 id={`${id}-title`}>
          {report.dryRun ? t('imports.report.planTitle') : t('imports.report.doneTitle')}
        </h2>
        <span className={`badge ${report.dryRun ? '' : 'accent'}`}>
          {report.dryRun ? t('imports.report.dryRun') : t('imports.report.applied')}
        </span>
      </div>
      <p className="panel-caption">
        {t('imports.report.caption', {
          format: t(`imports.format.${report.format}`),
          mode: t(`imports.mode.${report.mode}`),
          hash: report.fileHash,
        })}
      </p>
      <dl className="facts">
        {summaryFacts(report).map((f) => (
          <Fact key={f.key} label={t(`imports.summary.${f.key}`)} value={n(f.value)} />
        ))}
      </dl>
      {report.applied ? (
        <p className="notice success" role="status">
          {t('imports.report.appliedLine', {
            users: n(report.applied.users),
            karma: n(report.applied.karma),
            levelUps: n(report.applied.levelUps),
          })}
        </p>
      ) : null}
      {report.rows.length > 0 ? (
        <>
          <h3 className="subheading">{t('imports.report.preview', { count: report.rows.length })}</h3>
          <div className="table-scroll">
            <table className="plan-table">
              <caption className="visually-hidden">
                {t('imports.report.preview', { count: report.rows.length })}
              </caption>
              <TableHead
                columns={[
                  { label: t('imports.rows.member') },
                  { label: t('imports.rows.imported'), numeric: true },
                  { label: t('imports.rows.karma'), numeric: true },
                  { label: t('imports.rows.level'), numeric: true },
                  { label: t('imports.rows.status') },
                ]}
              />
              <tbody>
                {report.rows.map((row) => (
                  <tr key={row.userId}>
                    <th scope="row">
                      <code>{row.userId}</code>
                    </th>
                    <td className="numeric">
                      <span className="cell-label">{t('imports.rows.imported')}: </span>
                      {t('imports.rows.importedValue', {
                        xp: n(row.importedXp),
                        level: row.importedLevel === null ? '—' : n(row.importedLevel),
                      })}
                    </td>
                    <td className="numeric">
                      <span className="cell-label">{t('imports.rows.karma')}: </span>
                      {n(row.currentKarma)} → {n(row.newTotal)}
                      {row.delta > 0 ? (
                        <span className="delta"> ({formatDelta(row.delta, lang)})</span>
                      ) : null}
                    </td>
                    <td className="numeric">
                      <span className="cell-label">{t('imports.rows.level')}: </span>
                      {row.oldLevel === row.newLevel
                        ? n(row.newLevel)
                        : `${n(row.oldLevel)} → ${n(row.newLevel)}`}
                    </td>
                    <td>
                      <span className={`badge ${row.status === 'raise' ? 'accent' : ''}`}>
                        {t(`imports.status.${row.status}`)}
                      </span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
      {actions}
    </section>
  );
}
