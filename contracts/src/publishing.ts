/**
 * Premieres (plugins/publishing): a scheduled video its creator announced. Until it is published it has a public page
 * with its poster, description and a countdown, it shows in "Upcoming" shelves, and viewers may ask to be reminded.
 */
export interface PremiereView {
  documentId: string;
  slug: string;
  title: string;
  description: string | null;
  /** when it is scheduled to start (it starts once its media is ready, if that is later) */
  startsAt: string;
  /** true once the time has passed and it waits for its media */
  late: boolean;
  creator: { handle: string; displayName: string } | null;
  /** the poster: the creator's image, else a frame of the video (a signed address), else null */
  poster: { url: string; width: number | null; height: number | null } | null;
  duration: number | null;
  /** whether the signed-in viewer asked to be reminded (false for nobody) */
  reminded: boolean;
}

export interface PremiereList {
  data: PremiereView[];
}

export interface ReminderState {
  reminded: boolean;
}
