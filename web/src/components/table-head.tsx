export interface Column {
  label: string;
  /** Right-aligned, as numbers are in the table's cells. */
  numeric?: boolean;
  /** Named for screen readers only (a column of buttons). */
  hidden?: boolean;
  className?: string;
}

/** A table's header row: one `th scope="col"` per column. */
export function TableHead({ columns }: { columns: readonly Column[] }) {
  return (
    <thead>
      <tr>
        {columns.map((column) => (
          <th
            key={column.label}
            scope="col"
            className={
              [column.numeric ? 'numeric' : '', column.className ?? ''].join(' ').trim() || undefined
            }
          >
            {column.hidden ? <span className="visually-hidden">{column.label}</span> : column.label}
          </th>
        ))}
      </tr>
    </thead>
  );
}
