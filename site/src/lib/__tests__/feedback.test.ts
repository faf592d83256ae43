import { feedbackHref, feedbackPageFrom, readFeedbackForm } from '../feedback';

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
};

describe('the page feedback is about', () => {
  it('is the path of a page on this site, without its query or fragment', () => {
    expect(feedbackPageFrom('/watch/kerning')).toBe('/watch/kerning');
    expect(feedbackPageFrom('/account/reset?code=secret#top')).toBe('/account/reset');
    expect(feedbackHref('/c/science')).toBe('/feedback?from=%2Fc%2Fscience');
  });

  it.each([
    ['another origin', 'https://evil.example/'],
    ['a protocol-relative URL', '//evil.example'],
    ['a backslash', '/\\evil.example'],
    ['a javascript: URL', 'javascript:alert(1)'],
    ['nothing', null],
    ['the feedback page itself', '/feedback'],
    ['an overlong path', `/${'a'.repeat(400)}`],
  ])('is the home page for %s', (_, raw) => {
    expect(feedbackPageFrom(raw)).toBe('/');
  });
});

describe('the form', () => {
  const good = { category: 'idea', message: 'A dark player theme, please.', contact: '', page: '/watch/x' };

  it('reads what was sent, markup and all, as text', () => {
    const message = '<script>alert(1)</script> in the title';
    expect(readFeedbackForm(form({ ...good, message }))).toEqual({ values: { ...good, message }, fields: {} });
  });

  it('names each field to fix, and keeps what was typed', () => {
    const { values, fields } = readFeedbackForm(
      form({ category: 'praise', message: 'short', contact: 'nope', page: 'https://evil.example' }),
    );
    expect(values).toEqual({ category: 'praise', message: 'short', contact: 'nope', page: '/' });
    expect(Object.keys(fields)).toEqual(['category', 'message', 'contact']);
    expect(readFeedbackForm(form({ ...good, message: 'x'.repeat(2001) })).fields.message).toMatch(/under 2000/);
    expect(readFeedbackForm(form({ ...good, message: '   ' })).fields.message).toBe('Write your message.');
  });
});
