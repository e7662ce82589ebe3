// Accessibility checks shared by e2e/a11y.spec.mjs and e2e/keyboard.spec.mjs: reflow,
// target size, reduced motion, focus visibility and keyboard-only movement. axe itself is
// `expectNoAxeViolations` in fixtures.mjs. Each check returns what it found wrong, so a
// failure names the elements (a spec asserts the list is empty).
import { expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

/** The viewport every spec runs in (playwright.config.mjs). */
export const PHONE = { width: 360, height: 780 };
/** WCAG 1.4.10: 320 CSS px wide; 1280 px at 200 % zoom is the same 640 CSS px. */
export const REFLOW_WIDTHS = [320, 640];

/**
 * Elements that stick out to the right (the cause of a horizontal scroll), and whether the
 * page scrolls sideways at all.
 */
export async function horizontalOverflow(page) {
  return page.evaluate(() => {
    const root = document.documentElement;
    const width = root.clientWidth;
    if (root.scrollWidth <= width) return [];
    // Name the deepest elements past the right edge, so the report points at the cause.
    const culprits = [];
    const name = (el) => (el.id ? `#${el.id}` : `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`);
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0) continue;
      // Text too long for its box (an unbreakable code, a URL) spills out of an element that fits.
      const spills = el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX === 'visible';
      if (r.right <= width + 0.5 && !(spills && r.left + el.scrollWidth > width + 0.5)) continue;
      if ([...el.children].some((c) => c.getBoundingClientRect().right > width + 0.5)) continue;
      culprits.push(`${name(el)} right=${Math.round(Math.max(r.right, r.left + el.scrollWidth))} "${el.textContent.trim().slice(0, 40)}"`);
      if (culprits.length >= 5) break;
    }
    return [`scrollWidth ${root.scrollWidth} > clientWidth ${width}: ${culprits.join(', ')}`];
  });
}

/**
 * WCAG 2.5.8 (AA): every visible pointer target is at least 24 × 24 CSS px, except a link
 * inside a sentence (the "inline" exception: its size is set by the line of text around it).
 * A link counts as inline when it is laid out inline and the nearest block around it has
 * text of its own outside the link. Returns the targets that are too small.
 */
export async function smallTargets(page) {
  return page.evaluate(() => {
    const SELECTOR = [
      'a[href]',
      'button',
      'input:not([type=hidden])',
      'select',
      'textarea',
      'summary',
      '[role=button]',
      'label:has(input, select, textarea)',
    ].join(',');
    const hidden = (el) => {
      if (el.checkVisibility && !el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) return true;
      // Visually hidden (clipped) text, e.g. .visually-hidden, and anything inside it.
      for (let e = el; e; e = e.parentElement) {
        const s = getComputedStyle(e);
        if (s.clip === 'rect(0px, 0px, 0px, 0px)' || s.clipPath === 'inset(50%)') return true;
      }
      return false;
    };
    const block = (el) => {
      let b = el.parentElement;
      while (b && getComputedStyle(b).display.startsWith('inline')) b = b.parentElement;
      return b;
    };
    // Text of `container` outside `el`, ignoring white space and visually hidden text.
    const textOutside = (container, el) => {
      let out = '';
      const walk = document.createTreeWalker(container, NodeFilter.SHOW_TEXT);
      for (let n = walk.nextNode(); n; n = walk.nextNode()) {
        if (el.contains(n) || hidden(n.parentElement)) continue;
        out += n.data;
      }
      return out.replace(/[\s·|,.:;–—-]+/g, '');
    };
    const inlineInSentence = (el) => {
      if (el.tagName !== 'A' || getComputedStyle(el).display !== 'inline') return false;
      const b = block(el);
      return !!b && textOutside(b, el).length > 0;
    };
    const name = (el) => {
      const tag = el.tagName.toLowerCase();
      const id = el.id ? `#${el.id}` : '';
      const text = (el.getAttribute('aria-label') || el.textContent || el.value || '').trim().slice(0, 40);
      return `${tag}${id} "${text}"`;
    };
    const found = [];
    for (const el of document.querySelectorAll(SELECTOR)) {
      if (hidden(el)) continue;
      const r = el.getBoundingClientRect();
      if (r.width >= 24 - 0.01 && r.height >= 24 - 0.01) continue;
      if (inlineInSentence(el)) continue;
      // A radio or checkbox whose label is a big enough target for it.
      if (el.matches('input[type=radio], input[type=checkbox]') && el.labels) {
        const big = [...el.labels].some((l) => {
          const lr = l.getBoundingClientRect();
          return l.contains(el) && lr.width >= 24 && lr.height >= 24;
        });
        if (big) continue;
      }
      found.push(`${name(el)} ${r.width.toFixed(1)}×${r.height.toFixed(1)}`);
    }
    return found;
  });
}

/**
 * With `prefers-reduced-motion: reduce`, elements (and their ::before/::after) that still
 * have a transition or animation longer than 0.01 s.
 */
export async function movingElements(page) {
  return page.evaluate(() => {
    const seconds = (list) =>
      list.split(',').map((v) => {
        v = v.trim();
        return v.endsWith('ms') ? parseFloat(v) / 1000 : parseFloat(v);
      });
    const found = [];
    for (const el of document.querySelectorAll('*')) {
      for (const pseudo of [null, '::before', '::after']) {
        const s = getComputedStyle(el, pseudo);
        const transition = Math.max(...seconds(s.transitionDuration));
        const animation = s.animationName === 'none' ? 0 : Math.max(...seconds(s.animationDuration));
        if (transition > 0.01 || animation > 0.01) {
          found.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${pseudo ?? ''} transition ${s.transitionDuration} animation ${s.animationName} ${s.animationDuration}`);
        }
      }
    }
    return found;
  });
}

/**
 * The focused element and how its focus shows: a visible indicator is an outline at least
 * 2 px wide, or a box-shadow ring, that is not transparent.
 */
export async function focusIndicator(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return { ok: false, what: 'nothing focused' };
    const s = getComputedStyle(el);
    const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2 && !/rgba\(.*, 0\)$|transparent/.test(s.outlineColor);
    const shadow = s.boxShadow !== 'none' && !/rgba\([^)]*, 0\)/.test(s.boxShadow);
    const what = `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''} "${(el.textContent || el.value || '').trim().slice(0, 40)}"`;
    return { ok: outline || shadow, what, outline: `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`, shadow: s.boxShadow };
  });
}

/** Expects the focused element to show a visible focus indicator. */
export async function expectVisibleFocus(page) {
  const f = await focusIndicator(page);
  expect(f.ok, `focus indicator of ${f.what}: outline ${f.outline}, box-shadow ${f.shadow}`).toBe(true);
}

/**
 * Presses Tab (or Shift+Tab with `back`) until `predicate(document.activeElement)` holds,
 * at most `max` times. `predicate` runs in the page and gets the element and `arg`.
 */
export async function tabTo(page, predicate, { arg, back = false, max = 60, what = 'element' } = {}) {
  for (let i = 0; i < max; i++) {
    const active = await page.evaluateHandle(() => document.activeElement);
    const el = active.asElement();
    const hit = el !== null && (await el.evaluate((e) => e !== document.body)) && (await el.evaluate(predicate, arg));
    await active.dispose();
    if (hit) return i;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  const at = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120));
  throw new Error(`tabTo: ${what} not reached in ${max} presses (focus on ${at})`);
}

/**
 * The page-level checks of one state: axe (WCAG 2.x A/AA) at 360 px and at 1280 px,
 * target size at 360 px, no horizontal scroll at 320 and 640 px, and no motion when
 * reduced motion is asked for. Leaves the page at 360 px.
 */
export async function auditState(page, label) {
  const problems = {};
  await axe(page, `${label} at 360 px`);
  problems.targets = await smallTargets(page);
  for (const width of REFLOW_WIDTHS) {
    await page.setViewportSize({ width, height: 780 });
    const overflow = await horizontalOverflow(page);
    if (overflow.length) problems[`reflow ${width}px`] = overflow;
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  await axe(page, `${label} at 1280 px`);
  await page.emulateMedia({ reducedMotion: 'reduce' });
  problems.motion = await movingElements(page);
  await page.emulateMedia({ reducedMotion: null });
  await page.setViewportSize(PHONE);
  for (const k of Object.keys(problems)) if (problems[k].length === 0) delete problems[k];
  // Soft: one run reports every state that fails, not only the first.
  expect.soft(problems, `${label}: reflow, target size, reduced motion`).toEqual({});
}

/** axe-core with the WCAG 2.0, 2.1 and 2.2 A/AA rules; soft, naming the state. */
export async function axe(page, label) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  const summary = results.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
  );
  expect.soft(summary, `axe violations: ${label}`).toEqual([]);
}
