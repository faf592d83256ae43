export { catalog } from './catalog';
export { mediaLadder } from './media-ladder';
export type { H264Profile, LadderRung, MediaLadder } from './media-ladder';
export type { JobState, Playback, PlaybackRendition, PosterImage, TranscodeJobView } from './playback';
export {
  DURATION_BOUNDS_S,
  DURATION_BUCKETS,
  MIN_VIEW_SECONDS,
  SEARCH_LIMITS,
  SEARCH_SORTS,
  UPLOAD_WINDOWS,
} from './discovery';
export type {
  DurationBucket,
  FacetValue,
  HighlightPart,
  RelatedResponse,
  SearchEngineName,
  SearchFacets,
  SearchHit,
  SearchHitMoment,
  SearchMedia,
  SearchMediaFormat,
  SearchQuery,
  SearchResponse,
  SearchSort,
  SearchVideoCard,
  Suggestion,
  SuggestResponse,
  UploadWindow,
  ViewBeacon,
  ViewResponse,
} from './discovery';
export { discoveryService } from './discovery-services';
export type {
  DiscoveryDocument,
  DiscoveryDocumentsApi,
  DiscoveryEngineApi,
  DiscoveryEngineCheck,
  DiscoveryEngineStatus,
  DiscoveryIndexerApi,
  DiscoveryServicesApi,
  DiscoverySignalsApi,
  ViewerSignalSource,
  ViewerSignals,
} from './discovery-services';
export {
  EMAIL_MAX_LENGTH,
  PASSWORD_POLICY,
  SESSION_DEFAULTS,
  SIGN_IN_LIMIT,
  USERNAME_PATTERN,
  USERNAME_POLICY,
  emailProblem,
  normalizeIdentifier,
  passwordProblem,
  usernameProblem,
} from './accounts';
export type { AccountField, FieldErrors, ProfileField, ProfileView } from './accounts';
export {
  COMMENT_MAX_LENGTH,
  FORUM_CATEGORIES,
  REPORT_REASONS,
  TOPIC_TITLE_MAX_LENGTH,
  TOPICS_PAGE_SIZE,
  REVIEW_MAX_LENGTH,
  VIDEO_REPORT_NOTE_MAX_LENGTH,
  VIDEO_REPORT_REASON_LABELS,
  VIDEO_REPORT_REASONS,
} from './community';
export type {
  BoardView,
  CommentAuthor,
  CommentPage,
  CommentState,
  CommentView,
  CommunityPageMeta,
  CreatorRef,
  FeedPage,
  FollowState,
  ForumCategorySlug,
  NotificationKind,
  NotificationPage,
  NotificationView,
  RatingPage,
  RatingSummary,
  RatingView,
  ReportReason,
  StarCount,
  TopicListPage,
  TopicPage,
  TopicState,
  TopicView,
  VideoReportReason,
} from './community';
export { clientKey, isTrustedPeer, looksLikeAddress, parseTrustedProxies } from './client-address';
export { COLLECTION_VISIBILITIES, LIBRARY_LIMITS, WATCH_LATER } from './library';
export type {
  CollectionKind,
  CollectionVisibility,
  CreateCollectionBody,
  HistoryEntry,
  HistoryResponse,
  LibraryCollectionDetail,
  LibraryCollectionListEntry,
  LibraryCollectionSummary,
  LibraryConflictReason,
  LibraryContainingEntry,
  LibrarySettings,
  SaveProgressBody,
  UpdateCollectionBody,
  WatchProgress,
} from './library';
export {
  VIEWER_TOKEN_TTL_MS,
  VIEW_SIGNING_SECRET_MIN_LENGTH,
  newViewerId,
  signViewerToken,
  verifyViewerToken,
  viewSigningSecretFromEnv,
} from './view-token';
export type { ViewerTokenCheck } from './view-token';
export {
  APPROVED,
  LISTED_VIDEO_FILTERS,
  LISTED_VIDEO_WHERE,
  LISTED_VISIBILITIES,
  WATCHABLE_VIDEO_FILTERS,
  WATCHABLE_VIDEO_WHERE,
  WATCHABLE_VISIBILITIES,
  isListedVideo,
  isWatchableVideo,
  whereListedVideo,
} from './video-access';
export type { SqlConditions, VideoAccessFields } from './video-access';
export {
  ANALYTICS_LIMITS,
  DEVICE_CLASSES,
  PLAYBACK_EVENT_TYPES,
  SOURCE_TAGS,
  TRAFFIC_SOURCES,
  VIEW_RULE,
  countsAsView,
} from './analytics';
export type {
  AnalyticsFollowerDay,
  AnalyticsOverview,
  AnalyticsRecentFollower,
  AnalyticsQuality,
  AnalyticsRealtime,
  AnalyticsRetentionDrop,
  AnalyticsRetentionPoint,
  AnalyticsScope,
  AnalyticsSeriesPoint,
  AnalyticsShare,
  AnalyticsTopVideo,
  AnalyticsTotals,
  AnalyticsVideoReport,
  DeviceClass,
  EndEvent,
  ErrorEvent,
  HeartbeatEvent,
  PauseEvent,
  PlaybackBatch,
  PlaybackEvent,
  PlaybackEventType,
  QualityEvent,
  SourceTag,
  StallEvent,
  StartEvent,
  TrafficSource,
  WatchedRange,
} from './analytics';
export {
  APPEAL_MESSAGE_MAX_LENGTH,
  DECISIONS_NEEDING_REASON,
  MODERATION_DECISIONS,
  MODERATION_EVENT_LABELS,
  MODERATION_EVENTS,
  MODERATION_REASON_MAX_LENGTH,
  PREMODERATION_POLICIES,
} from './moderation';
export type {
  ModerationAppealView,
  ModerationDecision,
  ModerationEvent,
  ModerationLogEntry,
  ModerationLogPage,
  ModerationQueue,
  ModerationQueueItem,
  ModerationState,
  ModerationStatusView,
  PremoderationPolicy,
} from './moderation';
export { toCsv } from './csv';
export type { CsvColumn } from './csv';
export { BULK_EDIT_MAX_VIDEOS, INBOX_ORDERS, INBOX_PAGE_SIZE } from './publishing';
export type {
  BulkEditAnswer,
  BulkEditItem,
  BulkVideoChange,
  CollaborationInvitationView,
  InboxOrder,
  InboxPage,
  InboxVideo,
  PremiereList,
  PremiereView,
  ReminderState,
} from './publishing';
export { ADMIN_HELP_GUIDES, APPLICATION_LIMITS, HANDLE_PATTERN } from './onboarding';
export type {
  AdminHelpGuide,
  AdminHelpLinks,
  ApplicationState,
  CreatorApplicationReview,
  CreatorApplicationView,
  CreatorChecklist,
  CreatorChecklistStep,
} from './onboarding';
export { settingsError } from './settings';
export type { SettingsIssue } from './settings';
export type {
  DiagnosticCheckInfo,
  DiagnosticResult,
  DiagnosticStatus,
  DiagnosticsRun,
  DiagnosticsRunning,
} from './diagnostics';
export { metricsAccess } from './metrics-access';
export type { MetricsAccess } from './metrics-access';
export {
  LOG_LEVELS,
  LOG_REDACTED,
  LOG_REDACT_PATHS,
  REQUEST_ID_FIELD,
  REQUEST_ID_HEADER,
  acceptRequestId,
  isSaneRequestId,
  loggablePath,
  logSettingsFrom,
  pinoOptions,
  prettyDestination,
  prettyLogLine,
  requestIdOfContext,
} from './logging';
export type { LogFormat, LogLevel, LogSettings } from './logging';
export type { S3Location, StorageSettings } from './storage';
export { connectionErrorReporter, isConnectionError, taggedLog } from './queue-connection';
export type { ConnectionErrorReporter, ConnectionLog } from './queue-connection';
export {
  CAPTION_LIMITS,
  chaptersFromDescription,
  checkWebVtt,
  formatTimestamp,
  looksLikeSrt,
  parseWebVtt,
  srtToWebVtt,
  videoChapters,
} from './captions';
export type { CaptionCheck, CaptionCue, TimedChapter } from './captions';
export {
  FEEDBACK_CATEGORIES,
  FEEDBACK_CATEGORY_LABELS,
  FEEDBACK_LIMITS,
  FEEDBACK_PAGE_PATTERN,
  FEEDBACK_STATES,
  FEEDBACK_STATE_LABELS,
} from './feedback';
export type { FeedbackCategory, FeedbackReceipt, FeedbackReview, FeedbackReviewPage, FeedbackState } from './feedback';
