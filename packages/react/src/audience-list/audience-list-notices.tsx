import type { AudienceListViewState } from './audience-list-state';
import { partClass, type AudienceListClassNames } from './class-names';
import type { AudienceListLabels } from './labels';

/** What the list says instead of (or above) its rows: stale, failed, loading, empty, no matches. */
export function AudienceListNotices(props: {
  view: AudienceListViewState;
  stale: boolean;
  error: { readonly message: string } | null | undefined;
  onRetry: (() => void) | undefined;
  /** the search text applied, '' when not searching */
  query: string;
  matchCount: number;
  labels: AudienceListLabels;
  classNames: AudienceListClassNames | undefined;
}) {
  const { view, labels, classNames, onRetry } = props;
  return (
    <>
      {props.stale && view === 'ready' ? (
        <p role="status" className={partClass('notice', classNames)}>
          {labels.stale}
        </p>
      ) : null}

      {view === 'failed' ? (
        <div role="alert" className={partClass('error', classNames)}>
          <p>
            <strong>{labels.failed}</strong> {props.error?.message ?? ''}
          </p>
          {onRetry ? (
            <button type="button" className={partClass('retry', classNames)} onClick={onRetry}>
              {labels.retry}
            </button>
          ) : null}
        </div>
      ) : null}

      {view === 'loading' ? (
        <div className={partClass('placeholder', classNames, 'loading')}>
          <p className="ap-visually-hidden">{labels.loading}</p>
          {[0, 1, 2, 3, 4].map((i) => (
            <div key={i} className="ap-audience-list__skeleton" aria-hidden="true" />
          ))}
        </div>
      ) : null}

      {view === 'empty' ? (
        <p className={partClass('placeholder', classNames, 'empty')}>{labels.empty}</p>
      ) : null}

      {view === 'ready' && props.query !== '' && props.matchCount === 0 ? (
        <p className={partClass('placeholder', classNames, 'no-matches')}>
          {labels.noMatches(props.query)}
        </p>
      ) : null}
    </>
  );
}
