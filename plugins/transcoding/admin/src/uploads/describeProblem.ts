import type { Translate } from '../hooks/useT';
import { formatLimit } from '../utils/format';
import type { UploadProblem } from './uploadQueue';

/** One sentence that says what went wrong with an upload and what to do. */
export function describeProblem(t: Translate, problem: UploadProblem): string {
  switch (problem.reason) {
    case 'too-large':
      return problem.maxUploadBytes > 0
        ? t('upload.problem.too-large', { limit: formatLimit(problem.maxUploadBytes) })
        : t('upload.problem.too-large.server');
    case 'extension':
      return problem.extension
        ? t('upload.problem.extension', { extension: problem.extension, accepted: problem.accepted.join(', ') })
        : t('upload.problem.extension.none', { accepted: problem.accepted.join(', ') });
    case 'empty':
      return t('upload.problem.empty');
    case 'unauthorized':
      return t('upload.problem.unauthorized');
    case 'forbidden':
      return t('upload.problem.forbidden');
    case 'not-found':
      return t('upload.problem.not-found');
    case 'unsupported-media':
      return t('upload.problem.unsupported-media');
    case 'offline':
      return t('upload.problem.offline');
    case 'network':
      return t('upload.problem.network');
    case 'server':
      return problem.message
        ? t('upload.problem.server', { status: problem.status ?? '–', message: problem.message })
        : t('upload.problem.server.nomessage', { status: problem.status ?? '–' });
    default:
      return t('error.unknown');
  }
}
