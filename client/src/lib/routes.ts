// The role pages' addresses: `/e/<slug>` and its `/moderate`, `/stage`, `/screen`, `/register`, `/organise`, `/report` siblings.

type PageName = 'attendee' | 'moderate' | 'stage' | 'screen' | 'register' | 'organise' | 'report'

// Same shape as the contract's Slug schema.
const SLUG = '[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?'
const ROLE_PATH = new RegExp(`^/e/(${SLUG})(?:/(moderate|stage|screen|register|organise|report))?/?$`)

interface RolePath {
  slug: string
  page: PageName
}

function parseRolePath(pathname: string): RolePath | null {
  const match = ROLE_PATH.exec(pathname)
  if (!match || match[1] === undefined) return null
  const page = (match[2] ?? 'attendee') as PageName
  return { slug: match[1], page }
}

/** The event slug in `location.pathname`, or null when the address is not an event page. */
export function slugFromPath(pathname: string): string | null {
  return parseRolePath(pathname)?.slug ?? null
}
