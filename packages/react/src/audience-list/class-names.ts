/** The parts of `AudienceList` that carry a class name. */
export type AudienceListPart =
  | 'root'
  | 'header'
  | 'summary'
  | 'controls'
  | 'search'
  | 'sort'
  | 'notice'
  | 'scroller'
  | 'heading'
  | 'list'
  | 'row'
  | 'avatar'
  | 'name'
  | 'badge'
  | 'placeholder'
  | 'error'
  | 'retry';

/** Extra class names per part, added after the built-in `ap-audience-list__*` ones. */
export type AudienceListClassNames = Partial<Record<AudienceListPart, string>>;

/** The stable built-in class of each part (the CSS file styles these). */
export const audienceListClass: Readonly<Record<AudienceListPart, string>> = {
  root: 'ap-audience-list',
  header: 'ap-audience-list__header',
  summary: 'ap-audience-list__summary',
  controls: 'ap-audience-list__controls',
  search: 'ap-audience-list__search',
  sort: 'ap-audience-list__sort',
  notice: 'ap-audience-list__notice',
  scroller: 'ap-audience-list__scroller',
  heading: 'ap-audience-list__heading',
  list: 'ap-audience-list__list',
  row: 'ap-audience-list__row',
  avatar: 'ap-audience-list__avatar',
  name: 'ap-audience-list__name',
  badge: 'ap-audience-list__badge',
  placeholder: 'ap-audience-list__placeholder',
  error: 'ap-audience-list__error',
  retry: 'ap-audience-list__retry',
};

/** `class` for a part: the built-in name plus the app's extra one. */
export function partClass(
  part: AudienceListPart,
  extra: AudienceListClassNames | undefined,
  modifier?: string,
): string {
  const base = audienceListClass[part];
  const own = extra?.[part];
  return [base, modifier === undefined ? undefined : `${base}--${modifier}`, own]
    .filter(Boolean)
    .join(' ');
}
