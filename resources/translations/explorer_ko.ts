<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR" sourcelanguage="en">
<context>
    <name>ActionsDialog</name>
    <message>
        <source>Slide %1: actions</source>
        <translation>슬라이드 %1: 동작</translation>
    </message>
    <message>
        <source>What the slide does, in order (one action per line):</source>
        <translation>슬라이드가 하는 일, 순서대로 (한 줄에 동작 하나):</translation>
    </message>
    <message>
        <source>Move the action up</source>
        <translation>동작을 위로</translation>
    </message>
    <message>
        <source>Move the action down</source>
        <translation>동작을 아래로</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>삭제</translation>
    </message>
    <message>
        <source>New action…</source>
        <translation>새 동작…</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>추가</translation>
    </message>
    <message>
        <source>Replace</source>
        <translation>바꾸기</translation>
    </message>
    <message>
        <source>Not JSON: %1</source>
        <translation>JSON이 아닙니다: %1</translation>
    </message>
    <message>
        <source>slide 1: the first slide must load a graph (load_example, load_script or load_graph)</source>
        <translation>슬라이드 1: 첫 슬라이드는 그래프를 불러와야 합니다 (load_example, load_script 또는 load_graph)</translation>
    </message>
    <message>
        <source> (and %1 more)</source>
        <translation> (외 %1개)</translation>
    </message>
</context>
<context>
    <name>ChainPaths</name>
    <message>
        <source>paths: %1</source>
        <translation>경로: %1</translation>
    </message>
    <message>
        <source>%1 — paths from %2: %3</source>
        <translation>%1 — %2에서 오는 경로: %3개</translation>
    </message>
    <message>
        <source>start: ∂%1/∂%1 = %2 (the gradient backward starts with)</source>
        <translation>시작: ∂%1/∂%1 = %2 (backward가 시작하는 기울기)</translation>
    </message>
    <message>
        <source>path %1 (%2): %3 = %4</source>
        <translation>경로 %1 (%2): %3 = %4</translation>
    </message>
    <message>
        <source>… %1 more paths</source>
        <translation>… 경로 %1개 더</translation>
    </message>
    <message>
        <source>%1 = sum over the paths = %2</source>
        <translation>%1 = 모든 경로의 합 = %2</translation>
    </message>
</context>
<context>
    <name>ChainRule</name>
    <message>
        <source>Before the forward pass</source>
        <translation>순전파 이전</translation>
    </message>
    <message>
        <source>Forward step %1 of %2</source>
        <translation>순전파 %2단계 중 %1단계</translation>
    </message>
    <message>
        <source>Backward step %1 of %2</source>
        <translation>역전파 %2단계 중 %1단계</translation>
    </message>
    <message>
        <source>{fn} runs for {node} = {expr}</source>
        <translation>{fn}이(가) {node} = {expr}에 대해 실행됩니다</translation>
    </message>
    <message>
        <source>{fn} runs for {part}, inside {node}</source>
        <translation>{fn}이(가) {node} 안의 {part}에 대해 실행됩니다</translation>
    </message>
    <message>
        <source>{fn} runs for {node}</source>
        <translation>{fn}이(가) {node}에 대해 실행됩니다</translation>
    </message>
    <message>
        <source>{incoming} = {grad}  (the gradient passed to backward)</source>
        <translation>{incoming} = {grad}  (backward에 넘긴 기울기)</translation>
    </message>
    <message>
        <source>{incoming} = {grad}  (implicit gradient of a scalar root)</source>
        <translation>{incoming} = {grad}  (스칼라 뿌리의 암묵적 기울기)</translation>
    </message>
    <message>
        <source>{incoming} = {parts} = {grad}  (gradients meeting here are summed)</source>
        <translation>{incoming} = {parts} = {grad}  (여기서 만나는 기울기는 더해집니다)</translation>
    </message>
    <message>
        <source>{node}.grad = old + new = {old} + {new} = {total}  (accumulated ×{passes}: backward ran again without zero_grad())</source>
        <translation>{node}.grad = 이전 + 새 값 = {old} + {new} = {total}  (×{passes} 누적: zero_grad() 없이 backward를 다시 실행함)</translation>
    </message>
    <message>
        <source>{node}.grad = old + new = {old} + {new} = {total}  (.grad held zeros: it was zeroed, not set to None)</source>
        <translation>{node}.grad = 이전 + 새 값 = {old} + {new} = {total}  (.grad가 0으로 채워져 있었음: None이 아니라 0으로 초기화됨)</translation>
    </message>
    <message>
        <source>torch.autograd.grad returns {grad} for {node}  ({node}.grad is left as it was)</source>
        <translation>torch.autograd.grad가 {node}의 기울기 {grad}를 반환함  ({node}.grad는 그대로 둠)</translation>
    </message>
    <message>
        <source>{chain}  ({part} inside {node}; {formula})</source>
        <translation>{chain}  ({node} 안의 {part}; {formula})</translation>
    </message>
    <message>
        <source>{chain}  ({part} inside {node})</source>
        <translation>{chain}  ({node} 안의 {part})</translation>
    </message>
    <message>
        <source>{head} = {grad} · {local} = {out}</source>
        <translation>{head} = {grad} · {local} = {out}</translation>
    </message>
    <message>
        <source>{head} = {grad} · {local} = {out}  (one path of several)</source>
        <translation>{head} = {grad} · {local} = {out}  (여러 경로 중 하나)</translation>
    </message>
    <message>
        <source>{name} = {value}  (constant)</source>
        <translation>{name} = {value}  (상수)</translation>
    </message>
    <message>
        <source>{name} = {expr}  (not computed: &apos;{blocked}&apos; failed)</source>
        <translation>{name} = {expr}  (계산 안 됨: &apos;{blocked}&apos; 실패)</translation>
    </message>
    <message>
        <source>1 at the maximum (split among ties)</source>
        <translation>최댓값에서 1 (같은 값끼리 나눔)</translation>
    </message>
    <message>
        <source>1 at the minimum (split among ties)</source>
        <translation>최솟값에서 1 (같은 값끼리 나눔)</translation>
    </message>
    <message>
        <source>reshape⁻¹ (identity on elements)</source>
        <translation>reshape⁻¹ (원소는 그대로)</translation>
    </message>
    <message>
        <source>view⁻¹ (identity on elements)</source>
        <translation>view⁻¹ (원소는 그대로)</translation>
    </message>
    <message>
        <source>transpose back</source>
        <translation>다시 전치</translation>
    </message>
    <message>
        <source>inverse permutation</source>
        <translation>역순열</translation>
    </message>
    <message>
        <source>Σ over the expanded dims</source>
        <translation>확장된 차원에 대한 Σ</translation>
    </message>
    <message>
        <source>G (summed over broadcast rows)</source>
        <translation>G (브로드캐스트된 행에 대해 합)</translation>
    </message>
    <message>
        <source>∂/∂b = G (summed over broadcast rows)</source>
        <translation>∂/∂b = G (브로드캐스트된 행에 대해 합)</translation>
    </message>
    <message>
        <source>∂expand(x)/∂x = Σ over the expanded dims</source>
        <translation>∂expand(x)/∂x = 확장된 차원에 대한 Σ</translation>
    </message>
</context>
<context>
    <name>ChainRulePanel</name>
    <message>
        <source>Step through a pass to see the chain rule with numbers</source>
        <translation>단계별로 실행하면 연쇄 법칙이 실제 숫자와 함께 표시됩니다</translation>
    </message>
</context>
<context>
    <name>LectureAuthorPanel</name>
    <message>
        <source>Untitled lecture</source>
        <translation>제목 없는 강의</translation>
    </message>
    <message>
        <source>Lecture title</source>
        <translation>강의 제목</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>언어</translation>
    </message>
    <message>
        <source>Add current graph</source>
        <translation>현재 그래프 추가</translation>
    </message>
    <message>
        <source>Add the graph as it is now (values, run, current step, selection) as a new slide</source>
        <translation>지금의 그래프(값, 실행 상태, 현재 단계, 선택)를 새 슬라이드로 추가합니다</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>복제</translation>
    </message>
    <message>
        <source>Add a copy of the selected slide after it</source>
        <translation>선택한 슬라이드의 복사본을 바로 뒤에 추가</translation>
    </message>
    <message>
        <source>Move the slide up</source>
        <translation>슬라이드를 위로 이동</translation>
    </message>
    <message>
        <source>Move the slide down</source>
        <translation>슬라이드를 아래로 이동</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>삭제</translation>
    </message>
    <message>
        <source>Narration: **bold**, *italic*, `code`, lines starting with - are bullets</source>
        <translation>해설: **굵게**, *기울임*, `코드`, -로 시작하는 줄은 글머리 기호</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>제목</translation>
    </message>
    <message>
        <source>Narration</source>
        <translation>해설</translation>
    </message>
    <message>
        <source>Looks like</source>
        <translation>미리 보기</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>텍스트</translation>
    </message>
    <message>
        <source>Speaker notes: only you see them, in the presenter view</source>
        <translation>발표자 노트: 발표자 보기에서 발표자에게만 보입니다</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>노트</translation>
    </message>
    <message>
        <source>no stepping</source>
        <translation>단계 없음</translation>
    </message>
    <message>
        <source>forward pass</source>
        <translation>순전파</translation>
    </message>
    <message>
        <source>backward pass</source>
        <translation>역전파</translation>
    </message>
    <message>
        <source>forward and backward</source>
        <translation>순전파와 역전파</translation>
    </message>
    <message>
        <source>Edit actions…</source>
        <translation>동작 편집…</translation>
    </message>
    <message>
        <source>Replace graph with current</source>
        <translation>현재 그래프로 바꾸기</translation>
    </message>
    <message>
        <source>Arrow</source>
        <translation>화살표</translation>
    </message>
    <message>
        <source>Box</source>
        <translation>상자</translation>
    </message>
    <message>
        <source>Pen</source>
        <translation>펜</translation>
    </message>
    <message>
        <source>Remove last</source>
        <translation>마지막 것 삭제</translation>
    </message>
    <message>
        <source>Annotations are placed in the middle of the canvas; drag them into place, drag an arrow&apos;s end or a box&apos;s corner to resize</source>
        <translation>주석은 캔버스 가운데에 놓입니다. 끌어서 옮기고, 화살표의 끝이나 상자의 모서리를 끌어 크기를 바꿉니다</translation>
    </message>
    <message>
        <source>Draw freehand on the canvas while this is on</source>
        <translation>켜져 있는 동안 캔버스에 자유롭게 그립니다</translation>
    </message>
    <message>
        <source>Shows</source>
        <translation>표시 내용</translation>
    </message>
    <message>
        <source>ops only</source>
        <translation>연산만</translation>
    </message>
    <message>
        <source>Step through op nodes only: leaves and constants are shown as already known</source>
        <translation>연산 노드만 단계별로 실행합니다. 잎과 상수는 이미 값이 정해진 것으로 표시됩니다</translation>
    </message>
    <message>
        <source>Clicker steps</source>
        <translation>클리커 단계</translation>
    </message>
    <message>
        <source>Annotations</source>
        <translation>주석</translation>
    </message>
    <message>
        <source>Graph</source>
        <translation>그래프</translation>
    </message>
    <message>
        <source>New</source>
        <translation>새로 만들기</translation>
    </message>
    <message>
        <source>Open…</source>
        <translation>열기…</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>미리 보기</translation>
    </message>
    <message>
        <source>Play the lecture in the window from the selected slide</source>
        <translation>선택한 슬라이드부터 창에서 강의를 재생합니다</translation>
    </message>
    <message>
        <source>Save…</source>
        <translation>저장…</translation>
    </message>
    <message>
        <source>Open lecture to edit</source>
        <translation>편집할 강의 열기</translation>
    </message>
    <message>
        <source>Lectures (*.json)</source>
        <translation>강의 파일 (*.json)</translation>
    </message>
    <message>
        <source>Could not open lecture</source>
        <translation>강의를 열 수 없습니다</translation>
    </message>
    <message>
        <source>Slide %1</source>
        <translation>슬라이드 %1</translation>
    </message>
    <message>
        <source>Text annotation</source>
        <translation>텍스트 주석</translation>
    </message>
    <message>
        <source>Text:</source>
        <translation>텍스트:</translation>
    </message>
    <message>
        <source>Cannot preview</source>
        <translation>미리 볼 수 없습니다</translation>
    </message>
    <message>
        <source>The first slide must show a graph; add the current graph as the first slide.</source>
        <translation>첫 슬라이드에는 그래프가 있어야 합니다. 현재 그래프를 첫 슬라이드로 추가하세요.</translation>
    </message>
    <message>
        <source>Save lecture</source>
        <translation>강의 저장</translation>
    </message>
    <message>
        <source>Could not save lecture</source>
        <translation>강의를 저장할 수 없습니다</translation>
    </message>
</context>
<context>
    <name>LectureController</name>
    <message>
        <source>backward: %1</source>
        <translation>역전파: %1</translation>
    </message>
</context>
<context>
    <name>LectureMenu</name>
    <message>
        <source>Lecture</source>
        <translation>강의</translation>
    </message>
    <message>
        <source>Chain rule</source>
        <translation>연쇄 법칙</translation>
    </message>
    <message>
        <source>Lecture slides</source>
        <translation>강의 슬라이드</translation>
    </message>
    <message>
        <source>&amp;Lecture</source>
        <translation>강의(&amp;L)</translation>
    </message>
    <message>
        <source>Open lecture</source>
        <translation>강의 열기</translation>
    </message>
    <message>
        <source>Lectures (*.json)</source>
        <translation>강의 파일 (*.json)</translation>
    </message>
    <message>
        <source>&amp;Open Lecture…</source>
        <translation>강의 열기…(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Bundled Lectures</source>
        <translation>기본 제공 강의(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Close Lecture</source>
        <translation>강의 닫기(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Presentation Mode</source>
        <translation>발표 모드(&amp;P)</translation>
    </message>
    <message>
        <source>Presenter &amp;View (P)</source>
        <translation>발표자 보기(&amp;V) (P)</translation>
    </message>
    <message>
        <source>Presentation &amp;Font Size</source>
        <translation>발표 글꼴 크기(&amp;F)</translation>
    </message>
    <message>
        <source>Step &amp;Forward</source>
        <translation>한 단계 앞으로(&amp;F)</translation>
    </message>
    <message>
        <source>Step &amp;Back</source>
        <translation>한 단계 뒤로(&amp;B)</translation>
    </message>
    <message>
        <source>Export current step</source>
        <translation>현재 단계 내보내기</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 이미지 (*.png)</translation>
    </message>
    <message>
        <source>Could not write the image</source>
        <translation>이미지를 저장할 수 없습니다</translation>
    </message>
    <message>
        <source>E&amp;xport Current Step as Image…</source>
        <translation>현재 단계를 이미지로 내보내기…(&amp;X)</translation>
    </message>
    <message>
        <source>&amp;Edit Slides…</source>
        <translation>슬라이드 편집…(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Add Current Graph as Slide</source>
        <translation>현재 그래프를 슬라이드로 추가(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Interface Language</source>
        <translation>인터페이스 언어(&amp;I)</translation>
    </message>
    <message>
        <source>System</source>
        <translation>시스템 설정</translation>
    </message>
    <message>
        <source>Interface language</source>
        <translation>인터페이스 언어</translation>
    </message>
    <message>
        <source>The interface language changes the next time Autograd Explorer starts.</source>
        <translation>인터페이스 언어는 Autograd Explorer를 다음에 시작할 때 바뀝니다.</translation>
    </message>
</context>
<context>
    <name>LecturePanel</name>
    <message>
        <source>Jump to a slide</source>
        <translation>슬라이드로 이동</translation>
    </message>
    <message>
        <source>◀ Back</source>
        <translation>◀ 이전</translation>
    </message>
    <message>
        <source>Next ▶</source>
        <translation>다음 ▶</translation>
    </message>
    <message>
        <source>No lecture open</source>
        <translation>열린 강의가 없습니다</translation>
    </message>
    <message>
        <source>Open a lecture from the **Lecture** menu, or add the current graph as a slide to start writing one.</source>
        <translation>**강의** 메뉴에서 강의를 열거나, 현재 그래프를 슬라이드로 추가해 새 강의를 작성하세요.</translation>
    </message>
    <message>
        <source>Slide %1 of %2</source>
        <translation>슬라이드 %1 / %2</translation>
    </message>
</context>
<context>
    <name>PresenterWindow</name>
    <message>
        <source>Presenter view</source>
        <translation>발표자 보기</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>다음</translation>
    </message>
    <message>
        <source>Restart timer</source>
        <translation>타이머 다시 시작</translation>
    </message>
    <message>
        <source>No lecture</source>
        <translation>강의 없음</translation>
    </message>
    <message>
        <source>Slide %1 of %2</source>
        <translation>슬라이드 %1 / %2</translation>
    </message>
    <message>
        <source>No notes for this slide.</source>
        <translation>이 슬라이드에는 노트가 없습니다.</translation>
    </message>
    <message>
        <source>Next: step %1</source>
        <translation>다음: %1단계</translation>
    </message>
    <message>
        <source>Next: %1</source>
        <translation>다음: %1</translation>
    </message>
    <message>
        <source>End of the lecture</source>
        <translation>강의 끝</translation>
    </message>
</context>
<context>
    <name>StepToolbar</name>
    <message>
        <source>Step-through</source>
        <translation>단계별 실행</translation>
    </message>
    <message>
        <source>|◀ Start</source>
        <translation>|◀ 처음</translation>
    </message>
    <message>
        <source>Jump to the start (before the forward pass)</source>
        <translation>처음으로 이동 (순전파 이전)</translation>
    </message>
    <message>
        <source>◀ Step back</source>
        <translation>◀ 한 단계 뒤로</translation>
    </message>
    <message>
        <source>Step back one node</source>
        <translation>한 노드 뒤로</translation>
    </message>
    <message>
        <source>▶ Play</source>
        <translation>▶ 재생</translation>
    </message>
    <message>
        <source>Play the steps one after another / pause</source>
        <translation>단계를 차례로 재생 / 일시 정지</translation>
    </message>
    <message>
        <source>Step ▶</source>
        <translation>단계 ▶</translation>
    </message>
    <message>
        <source>Step forward one node</source>
        <translation>한 노드 앞으로</translation>
    </message>
    <message>
        <source>End ▶|</source>
        <translation>끝 ▶|</translation>
    </message>
    <message>
        <source>Jump to the end of the backward pass</source>
        <translation>역전파의 끝으로 이동</translation>
    </message>
    <message>
        <source>Ops only</source>
        <translation>연산만</translation>
    </message>
    <message>
        <source>Step through op nodes only: leaves and constants are shown as already known</source>
        <translation>연산 노드만 단계별로 실행합니다. 잎과 상수는 이미 값이 정해진 것으로 표시됩니다</translation>
    </message>
    <message>
        <source> Speed </source>
        <translation> 속도 </translation>
    </message>
    <message>
        <source>%1 steps/s</source>
        <translation>초당 %1단계</translation>
    </message>
    <message>
        <source>❚❚ Pause</source>
        <translation>❚❚ 일시 정지</translation>
    </message>
</context>
<context>
    <name>category</name>
    <message>
        <source>arithmetic</source>
        <translation>산술</translation>
    </message>
    <message>
        <source>elementwise</source>
        <translation>원소별 연산</translation>
    </message>
    <message>
        <source>activation</source>
        <translation>활성화 함수</translation>
    </message>
    <message>
        <source>reduction</source>
        <translation>축소(reduction)</translation>
    </message>
    <message>
        <source>shape</source>
        <translation>모양 변환</translation>
    </message>
    <message>
        <source>linear algebra</source>
        <translation>선형대수</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>손실 함수</translation>
    </message>
</context>
<context>
    <name>model</name>
    <message>
        <source> because &apos;{name}&apos; failed</source>
        <translation> (&apos;{name}&apos;이(가) 실패했기 때문)</translation>
    </message>
    <message>
        <source> in {sum} of {size} elements</source>
        <translation> (원소 {size}개 중 {sum}개)</translation>
    </message>
    <message>
        <source> — did you mean &apos;{close}&apos;?</source>
        <translation> — &apos;{close}&apos;을(를) 뜻했나요?</translation>
    </message>
    <message>
        <source> — did you mean &apos;{hint}&apos;?</source>
        <translation> — &apos;{hint}&apos;을(를) 뜻했나요?</translation>
    </message>
    <message>
        <source>&quot;edges&quot; must be a list, found {_json_type}</source>
        <translation>&quot;edges&quot;는 리스트여야 합니다 (받은 값: {_json_type})</translation>
    </message>
    <message>
        <source>&quot;groups&quot; must be a list, found {_json_type}</source>
        <translation>&quot;groups&quot;는 리스트여야 합니다 (받은 값: {_json_type})</translation>
    </message>
    <message>
        <source>&quot;nodes&quot; must be a list, found {_json_type}</source>
        <translation>&quot;nodes&quot;는 리스트여야 합니다 (받은 값: {_json_type})</translation>
    </message>
    <message>
        <source>&quot;version&quot; must be a whole number</source>
        <translation>&quot;version&quot;은 정수여야 합니다</translation>
    </message>
    <message>
        <source>&apos;*&apos; unpacking is not supported</source>
        <translation>&apos;*&apos; 언패킹은 지원하지 않습니다</translation>
    </message>
    <message>
        <source>&apos;*&apos; widths in % formatting are not allowed here</source>
        <translation>% 서식의 &apos;*&apos; 너비는 허용되지 않습니다</translation>
    </message>
    <message>
        <source>&apos;**&apos; unpacking is not supported</source>
        <translation>&apos;**&apos; 언패킹은 지원하지 않습니다</translation>
    </message>
    <message>
        <source>&apos;+None&apos; is not meaningful</source>
        <translation>&apos;+None&apos;은 의미가 없습니다</translation>
    </message>
    <message>
        <source>&apos;... if ... else ...&apos; expressions are not supported</source>
        <translation>&apos;... if ... else ...&apos; 표현식은 지원하지 않습니다</translation>
    </message>
    <message>
        <source>&apos;.T&apos; needs a tensor</source>
        <translation>&apos;.T&apos;에는 텐서가 필요합니다</translation>
    </message>
    <message>
        <source>&apos;.T&apos; needs the permute op, which the op table does not have</source>
        <translation>&apos;.T&apos;에는 permute 연산이 필요하지만 연산 표에 없습니다</translation>
    </message>
    <message>
        <source>&apos;.{attr}&apos; is only known after running: the script builds the graph (print(...) lines may use it)</source>
        <translation>&apos;.{attr}&apos;은(는) 실행한 뒤에야 알 수 있습니다. 스크립트는 그래프를 만들 뿐입니다 (print(...) 줄에서는 쓸 수 있습니다)</translation>
    </message>
    <message>
        <source>&apos;:=&apos; is not supported: use a separate &apos;name = expression&apos; line</source>
        <translation>&apos;:=&apos;은(는) 지원하지 않습니다: &apos;name = expression&apos; 줄을 따로 쓰세요</translation>
    </message>
    <message>
        <source>&apos;@&apos; needs tensors, not plain numbers</source>
        <translation>&apos;@&apos;에는 일반 숫자가 아니라 텐서가 필요합니다</translation>
    </message>
    <message>
        <source>&apos;and&apos; / &apos;or&apos; are not supported</source>
        <translation>&apos;and&apos; / &apos;or&apos;는 지원하지 않습니다</translation>
    </message>
    <message>
        <source>&apos;assert&apos; is not part of the expression language</source>
        <translation>&apos;assert&apos;는 표현식 언어에 포함되지 않습니다</translation>
    </message>
    <message>
        <source>&apos;await&apos; is not supported</source>
        <translation>&apos;await&apos;는 지원하지 않습니다</translation>
    </message>
    <message>
        <source>&apos;del&apos; is not part of the expression language</source>
        <translation>&apos;del&apos;은 표현식 언어에 포함되지 않습니다</translation>
    </message>
    <message>
        <source>&apos;for&apos; loops are not part of the expression language: write each step out</source>
        <translation>&apos;for&apos; 반복문은 표현식 언어에 포함되지 않습니다: 각 단계를 하나씩 풀어 쓰세요</translation>
    </message>
    <message>
        <source>&apos;from {modname} import *&apos; is not supported here: import the names you use</source>
        <translation>&apos;from {modname} import *&apos;는 지원하지 않습니다: 쓰는 이름을 직접 import하세요</translation>
    </message>
    <message>
        <source>&apos;global&apos; is not part of the expression language</source>
        <translation>&apos;global&apos;은 표현식 언어에 포함되지 않습니다</translation>
    </message>
    <message>
        <source>&apos;if&apos; statements are not part of the expression language</source>
        <translation>&apos;if&apos; 문은 표현식 언어에 포함되지 않습니다</translation>
    </message>
    <message>
        <source>&apos;import *&apos; is not supported: import torch and write torch.exp(...)</source>
        <translation>&apos;import *&apos;은(는) 지원하지 않습니다: torch를 import하고 torch.exp(...)처럼 쓰세요</translation>
    </message>
    <message>
        <source>&apos;nonlocal&apos; is not part of the expression language</source>
        <translation>&apos;nonlocal&apos;은 표현식 언어에 포함되지 않습니다</translation>
    </message>
    <message>
        <source>&apos;raise&apos; is not part of the expression language</source>
        <translation>&apos;raise&apos;는 표현식 언어에 포함되지 않습니다</translation>
    </message>
    <message>
        <source>&apos;return&apos; is not part of the expression language</source>
        <translation>&apos;return&apos;은 표현식 언어에 포함되지 않습니다</translation>
    </message>
    <message>
        <source>&apos;try&apos; blocks are not part of the expression language</source>
        <translation>&apos;try&apos; 블록은 표현식 언어에 포함되지 않습니다</translation>
    </message>
    <message>
        <source>&apos;while&apos; loops are not part of the expression language</source>
        <translation>&apos;while&apos; 반복문은 표현식 언어에 포함되지 않습니다</translation>
    </message>
    <message>
        <source>&apos;with&apos; blocks (such as torch.no_grad()) are not part of the expression language</source>
        <translation>&apos;with&apos; 블록(torch.no_grad() 등)은 표현식 언어에 포함되지 않습니다</translation>
    </message>
    <message>
        <source>&apos;with&apos; blocks are not part of the expression language</source>
        <translation>&apos;with&apos; 블록은 표현식 언어에 포함되지 않습니다</translation>
    </message>
    <message>
        <source>&apos;with&apos; works here with torch.no_grad(), enable_grad(), set_grad_enabled() and inference_mode(), not with &apos;{name}&apos;</source>
        <translation>여기서 &apos;with&apos;는 torch.no_grad(), enable_grad(), set_grad_enabled(), inference_mode()와만 쓸 수 있고 &apos;{name}&apos;와는 쓸 수 없습니다</translation>
    </message>
    <message>
        <source>&apos;yield&apos; is not supported</source>
        <translation>&apos;yield&apos;는 지원하지 않습니다</translation>
    </message>
    <message>
        <source>&apos;{_describe}&apos; is not supported here</source>
        <translation>&apos;{_describe}&apos;은(는) 여기서 지원하지 않습니다</translation>
    </message>
    <message>
        <source>&apos;{_kind}&apos; attribute &apos;{name}&apos; is not available here</source>
        <translation>&apos;{_kind}&apos;의 속성 &apos;{name}&apos;은(는) 여기서 쓸 수 없습니다</translation>
    </message>
    <message>
        <source>&apos;{alias}&apos; is already a tensor in this script</source>
        <translation>&apos;{alias}&apos;은(는) 이 스크립트에서 이미 텐서로 쓰이고 있습니다</translation>
    </message>
    <message>
        <source>&apos;{dotted}&apos; is not something the language knows here</source>
        <translation>&apos;{dotted}&apos;은(는) 여기서 표현식 언어가 알지 못하는 이름입니다</translation>
    </message>
    <message>
        <source>&apos;{id}&apos; is not a number</source>
        <translation>&apos;{id}&apos;은(는) 숫자가 아닙니다</translation>
    </message>
    <message>
        <source>&apos;{id}&apos; is not available here (programs cannot reach Python&apos;s internals)</source>
        <translation>&apos;{id}&apos;은(는) 여기서 쓸 수 없습니다 (프로그램은 파이썬 내부에 닿을 수 없습니다)</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; ({op}) failed: {exc}</source>
        <translation>&apos;{name}&apos; ({op}) 실패: {exc}</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; ({op}) has {arity} input(s); there is no input {value}</source>
        <translation>&apos;{name}&apos; ({op})의 입력은 {arity}개입니다. {value}번 입력은 없습니다</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; ({op}): input {value} is not connected</source>
        <translation>&apos;{name}&apos; ({op}): {value}번 입력이 연결되어 있지 않습니다</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; ({op}): {which} is not connected</source>
        <translation>&apos;{name}&apos; ({op}): {which}이(가) 연결되어 있지 않습니다</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; cannot be None: give it a tensor or a number</source>
        <translation>&apos;{name}&apos;은(는) None일 수 없습니다: 텐서나 숫자를 주세요</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; cannot be computed</source>
        <translation>&apos;{name}&apos;을(를) 계산할 수 없습니다</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; depends on no floating-point leaf</source>
        <translation>&apos;{name}&apos;은(는) 부동소수점 잎에 의존하지 않습니다</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; has no element {flat_index}</source>
        <translation>&apos;{name}&apos;에는 원소 {flat_index}이(가) 없습니다</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; has no element {out_index}</source>
        <translation>&apos;{name}&apos;에는 원소 {out_index}이(가) 없습니다</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; has no floating-point value</source>
        <translation>&apos;{name}&apos;에는 부동소수점 값이 없습니다</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; has no input {value}</source>
        <translation>&apos;{name}&apos;에는 입력 {value}이(가) 없습니다</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; has no parameters to freeze</source>
        <translation>&apos;{name}&apos;에는 고정할 매개변수가 없습니다</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; has no value</source>
        <translation>&apos;{name}&apos;에는 값이 없습니다</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; has {size} elements: pick one of them (or the root&apos;s gradient)</source>
        <translation>&apos;{name}&apos;에는 원소가 {size}개 있습니다: 그중 하나를 고르세요 (또는 뿌리의 기울기를 고르세요)</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; is a Python keyword and cannot be a name</source>
        <translation>&apos;{name}&apos;은(는) 파이썬 키워드라서 이름으로 쓸 수 없습니다</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; is a constant and has no inputs</source>
        <translation>&apos;{name}&apos;은(는) 상수라서 입력이 없습니다</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; is a constant; constants never require grad</source>
        <translation>&apos;{name}&apos;은(는) 상수입니다. 상수는 절대 기울기를 요구하지 않습니다</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; is a constant; it has no gradient to retain</source>
        <translation>&apos;{name}&apos;은(는) 상수라서 유지할 기울기가 없습니다</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; is a dtype: use it as dtype={name_2}</source>
        <translation>&apos;{name}&apos;은(는) dtype입니다: dtype={name_2} 형태로 쓰세요</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; is a function: call it, e.g. {name_2}(...)</source>
        <translation>&apos;{name}&apos;은(는) 함수입니다: 호출해서 쓰세요. 예: {name_2}(...)</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; is a leaf tensor and has no inputs</source>
        <translation>&apos;{name}&apos;은(는) 잎 텐서라서 입력이 없습니다</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; is a module, not a tensor</source>
        <translation>&apos;{name}&apos;은(는) 텐서가 아니라 모듈입니다</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; is a reserved name in scripts; choose another name</source>
        <translation>&apos;{name}&apos;은(는) 스크립트에서 예약된 이름입니다. 다른 이름을 고르세요</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; is a tensor, not a function</source>
        <translation>&apos;{name}&apos;은(는) 함수가 아니라 텐서입니다</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; is computed by {op}, not a leaf: it requires grad when any of its inputs does. You can only change requires_grad of leaf tensors.</source>
        <translation>&apos;{name}&apos;은(는) 잎이 아니라 {op}(으)로 계산됩니다. 입력 중 하나라도 기울기를 요구하면 이 노드도 기울기를 요구합니다. requires_grad는 잎 텐서에서만 바꿀 수 있습니다.</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; is computed by {op}; only leaf tensors and constants have a value you can set</source>
        <translation>&apos;{name}&apos;은(는) {op}(으)로 계산됩니다. 값을 설정할 수 있는 것은 잎 텐서와 상수뿐입니다</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; is not a leaf tensor</source>
        <translation>&apos;{name}&apos;은(는) 잎 텐서가 아닙니다</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; is not a module: only modules collapse into a card</source>
        <translation>&apos;{name}&apos;은(는) 모듈이 아닙니다: 모듈만 카드 하나로 접을 수 있습니다</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; is not a valid name: use letters, digits and _, not starting with a digit</source>
        <translation>&apos;{name}&apos;은(는) 올바른 이름이 아닙니다: 문자, 숫자, _만 쓰고 숫자로 시작하지 마세요</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; is not an operation and has no parameters</source>
        <translation>&apos;{name}&apos;은(는) 연산이 아니라서 매개변수가 없습니다</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; is not available here (programs cannot reach Python&apos;s internals)</source>
        <translation>&apos;{name}&apos;은(는) 여기서 쓸 수 없습니다 (프로그램은 파이썬 내부에 닿을 수 없습니다)</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; is not part of the expression language</source>
        <translation>&apos;{name}&apos;은(는) 표현식 언어에 포함되지 않습니다</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; is not supported here</source>
        <translation>여기서는 &apos;{name}&apos;을(를) 지원하지 않습니다</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; is not the backward root with an external gradient</source>
        <translation>&apos;{name}&apos;은(는) 외부 기울기가 있는 역전파 뿌리가 아닙니다</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; object is not callable</source>
        <translation>&apos;{name}&apos; 객체는 호출할 수 없습니다</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; object is not iterable</source>
        <translation>&apos;{name}&apos; 객체는 반복할 수 없습니다</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; statements are not supported</source>
        <translation>&apos;{name}&apos; 문은 지원하지 않습니다</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; still has connections</source>
        <translation>&apos;{name}&apos;에 아직 연결이 남아 있습니다</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; takes no tensor</source>
        <translation>&apos;{name}&apos;은(는) 텐서를 받지 않습니다</translation>
    </message>
    <message>
        <source>&apos;{name}&apos;: unknown op &apos;{op}&apos;</source>
        <translation>&apos;{name}&apos;: 알 수 없는 연산 &apos;{op}&apos;</translation>
    </message>
    <message>
        <source>&apos;{name}&apos;: {exc}</source>
        <translation>&apos;{name}&apos;: {exc}</translation>
    </message>
    <message>
        <source>&apos;{obj}&apos; is a class: write torch.{kind}() with parentheses</source>
        <translation>&apos;{obj}&apos;은(는) 클래스입니다: 괄호를 붙여 torch.{kind}()로 쓰세요</translation>
    </message>
    <message>
        <source>&apos;{op_name}&apos; has no parameter &apos;{param_name}&apos; (its parameters: {known})</source>
        <translation>&apos;{op_name}&apos;에는 &apos;{param_name}&apos; 매개변수가 없습니다 (매개변수: {known})</translation>
    </message>
    <message>
        <source>&apos;{path}.{attr}&apos; is not something the language knows{suggest}</source>
        <translation>&apos;{path}.{attr}&apos;은(는) 표현식 언어가 알지 못하는 이름입니다{suggest}</translation>
    </message>
    <message>
        <source>&apos;{tok}&apos; is not a number</source>
        <translation>&apos;{tok}&apos;은(는) 숫자가 아닙니다</translation>
    </message>
    <message>
        <source>&apos;{value}&apos; is not a number</source>
        <translation>&apos;{value}&apos;은(는) 숫자가 아닙니다</translation>
    </message>
    <message>
        <source>&apos;{what}&apos; is not supported</source>
        <translation>&apos;{what}&apos;은(는) 지원하지 않습니다</translation>
    </message>
    <message>
        <source>--freeze: &apos;{name}&apos; is not a leaf tensor (only leaves have a requires_grad switch)</source>
        <translation>--freeze: &apos;{name}&apos;은(는) 잎 텐서가 아닙니다 (requires_grad를 켜고 끌 수 있는 것은 잎뿐입니다)</translation>
    </message>
    <message>
        <source>--freeze: no node named &apos;{name}&apos; in {file}</source>
        <translation>--freeze: {file}에 &apos;{name}&apos;(이)라는 노드가 없습니다</translation>
    </message>
    <message>
        <source>--margin: must be between 0 and 500 canvas units (got {margin})</source>
        <translation>--margin: 0에서 500 캔버스 단위 사이여야 합니다 (받은 값 {margin})</translation>
    </message>
    <message>
        <source>--scale: must be between {MIN_SCALE} and {MAX_SCALE} (got {scale})</source>
        <translation>--scale: {MIN_SCALE}에서 {MAX_SCALE} 사이여야 합니다 (받은 값 {scale})</translation>
    </message>
    <message>
        <source>--select: no node named &apos;{name}&apos; in {file}</source>
        <translation>--select: {file}에 &apos;{name}&apos;(이)라는 노드가 없습니다</translation>
    </message>
    <message>
        <source>--size: each side must be between 16 and {MAX_SIDE} pixels (got {size})</source>
        <translation>--size: 각 변은 16에서 {MAX_SIDE} 픽셀 사이여야 합니다 (받은 값 {size})</translation>
    </message>
    <message>
        <source>--size: expected WIDTHxHEIGHT in pixels such as 1920x1080 (got &apos;{text}&apos;)</source>
        <translation>--size: 1920x1080처럼 픽셀 단위의 WIDTHxHEIGHT가 필요합니다 (&apos;{text}&apos;을(를) 받았습니다)</translation>
    </message>
    <message>
        <source>--size: {too_many_pixels}</source>
        <translation>--size: {too_many_pixels}</translation>
    </message>
    <message>
        <source>--theme: unknown theme &apos;{theme}&apos;; choose one of {THEMES}</source>
        <translation>--theme: 알 수 없는 테마 &apos;{theme}&apos;. {THEMES} 중에서 고르세요</translation>
    </message>
    <message>
        <source>--width and --height must be between 200 and 8000 pixels</source>
        <translation>--width와 --height는 200에서 8000 픽셀 사이여야 합니다</translation>
    </message>
    <message>
        <source>-o {exc}</source>
        <translation>-o {exc}</translation>
    </message>
    <message>
        <source>-o {output}: is a folder; name the image file, e.g. {value}</source>
        <translation>-o {output}: 폴더입니다; 이미지 파일 이름을 적으세요 (예: {value})</translation>
    </message>
    <message>
        <source>-o {output}: the folder {out_dir} does not exist</source>
        <translation>-o {output}: 폴더 {out_dir}이(가) 없습니다</translation>
    </message>
    <message>
        <source>-o {output}: {out_dir} is a file, not a folder</source>
        <translation>-o {output}: {out_dir}은(는) 폴더가 아니라 파일입니다</translation>
    </message>
    <message>
        <source>.{name}() gives a number only after running; the script builds the graph (print(...) lines may use it)</source>
        <translation>.{name}()은(는) 실행한 뒤에만 숫자를 돌려줍니다. 스크립트는 그래프를 만들 뿐입니다 (print(...) 줄에서는 쓸 수 있습니다)</translation>
    </message>
    <message>
        <source>.{name}() needs a tensor, not a number</source>
        <translation>.{name}()에는 숫자가 아니라 텐서가 필요합니다</translation>
    </message>
    <message>
        <source>Add constant &apos;{name}&apos;</source>
        <translation>상수 &apos;{name}&apos; 추가</translation>
    </message>
    <message>
        <source>Add leaf &apos;{name}&apos;</source>
        <translation>잎 &apos;{name}&apos; 추가</translation>
    </message>
    <message>
        <source>Add {op} &apos;{name}&apos;</source>
        <translation>{op} &apos;{name}&apos; 추가</translation>
    </message>
    <message>
        <source>Apply script</source>
        <translation>스크립트 적용</translation>
    </message>
    <message>
        <source>Change group</source>
        <translation>그룹 변경</translation>
    </message>
    <message>
        <source>Change value</source>
        <translation>값 변경</translation>
    </message>
    <message>
        <source>Clear backward root</source>
        <translation>backward 뿌리 해제</translation>
    </message>
    <message>
        <source>Collapse module</source>
        <translation>모듈 접기</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>연결</translation>
    </message>
    <message>
        <source>Connect &apos;{src}&apos; to input {port} of &apos;{dst}&apos;</source>
        <translation>&apos;{src}&apos;을(를) &apos;{dst}&apos;의 {port}번 입력에 연결</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>삭제</translation>
    </message>
    <message>
        <source>Delete &apos;{name}&apos;</source>
        <translation>&apos;{name}&apos; 삭제</translation>
    </message>
    <message>
        <source>Delete node</source>
        <translation>노드 삭제</translation>
    </message>
    <message>
        <source>Delete {count} nodes</source>
        <translation>노드 {count}개 삭제</translation>
    </message>
    <message>
        <source>Disconnect</source>
        <translation>연결 끊기</translation>
    </message>
    <message>
        <source>Do not retain grad</source>
        <translation>grad 유지 안 함</translation>
    </message>
    <message>
        <source>Edit this graph</source>
        <translation>이 그래프 편집</translation>
    </message>
    <message>
        <source>Encountered duplicate field name</source>
        <translation>중복된 필드 이름이 있습니다</translation>
    </message>
    <message>
        <source>Expand module</source>
        <translation>모듈 펼치기</translation>
    </message>
    <message>
        <source>Field names cannot start with an underscore: {name}</source>
        <translation>필드 이름은 밑줄로 시작할 수 없습니다: {name}</translation>
    </message>
    <message>
        <source>Freeze &apos;{name}&apos;</source>
        <translation>&apos;{name}&apos; 고정</translation>
    </message>
    <message>
        <source>Freeze leaves</source>
        <translation>잎 고정</translation>
    </message>
    <message>
        <source>Freeze {name}</source>
        <translation>{name} 고정</translation>
    </message>
    <message>
        <source>Graph contains a cycle or graph changed during iteration</source>
        <translation>그래프에 순환이 있거나, 순회하는 동안 그래프가 바뀌었습니다</translation>
    </message>
    <message>
        <source>Group &apos;{name}&apos;</source>
        <translation>그룹 &apos;{name}&apos; 만들기</translation>
    </message>
    <message>
        <source>Insert expression</source>
        <translation>식 삽입</translation>
    </message>
    <message>
        <source>Layout</source>
        <translation>정렬</translation>
    </message>
    <message>
        <source>Mismatch in shape: grad_output[0] has a shape of {_size} and output[0] has a shape of {_size_2}.</source>
        <translation>Mismatch in shape: grad_output[0] has a shape of {_size} and output[0] has a shape of {_size_2}.</translation>
    </message>
    <message>
        <source>Move</source>
        <translation>이동</translation>
    </message>
    <message>
        <source>Move {count} nodes</source>
        <translation>노드 {count}개 이동</translation>
    </message>
    <message>
        <source>No active exception to reraise</source>
        <translation>다시 발생시킬 활성 예외가 없습니다</translation>
    </message>
    <message>
        <source>Paste</source>
        <translation>붙여넣기</translation>
    </message>
    <message>
        <source>Reconnect</source>
        <translation>다시 연결</translation>
    </message>
    <message>
        <source>Rename group to &apos;{name}&apos;</source>
        <translation>그룹 이름을 &apos;{name}&apos;(으)로 변경</translation>
    </message>
    <message>
        <source>Rename to &apos;{name}&apos;</source>
        <translation>이름을 &apos;{name}&apos;(으)로 변경</translation>
    </message>
    <message>
        <source>Retain grad</source>
        <translation>grad 유지</translation>
    </message>
    <message>
        <source>Set backward root</source>
        <translation>backward 뿌리 설정</translation>
    </message>
    <message>
        <source>Set input value</source>
        <translation>입력 값 설정</translation>
    </message>
    <message>
        <source>Set {param}</source>
        <translation>{param} 설정</translation>
    </message>
    <message>
        <source>Set {param} of &apos;{name}&apos;</source>
        <translation>&apos;{name}&apos;의 {param} 설정</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>학습</translation>
    </message>
    <message>
        <source>Type names and field names must be valid identifiers: {name}</source>
        <translation>타입 이름과 필드 이름은 올바른 식별자여야 합니다: {name}</translation>
    </message>
    <message>
        <source>Unfreeze &apos;{name}&apos;</source>
        <translation>&apos;{name}&apos; 고정 해제</translation>
    </message>
    <message>
        <source>Unfreeze leaves</source>
        <translation>잎 고정 해제</translation>
    </message>
    <message>
        <source>Unfreeze {name}</source>
        <translation>{name} 고정 해제</translation>
    </message>
    <message>
        <source>Ungroup</source>
        <translation>그룹 해제</translation>
    </message>
    <message>
        <source>__import__() is not allowed here: use an import statement</source>
        <translation>__import__()는 허용되지 않습니다: import 문을 쓰세요</translation>
    </message>
    <message>
        <source>a &apos;{close}&apos; is missing at the end</source>
        <translation>끝에 &apos;{close}&apos;이(가) 빠졌습니다</translation>
    </message>
    <message>
        <source>a PDF export does not carry the graph; open the PNG or SVG export, or the .json document</source>
        <translation>PDF로 내보낸 파일에는 그래프가 들어 있지 않습니다. PNG나 SVG로 내보낸 파일 또는 .json 문서를 여세요</translation>
    </message>
    <message>
        <source>a Python number has no requires_grad; use tensor(...)</source>
        <translation>파이썬 숫자에는 requires_grad가 없습니다. tensor(...)를 쓰세요</translation>
    </message>
    <message>
        <source>a changed node has no id</source>
        <translation>바뀐 노드에 id가 없습니다</translation>
    </message>
    <message>
        <source>a class cannot derive from {b} here</source>
        <translation>여기서 클래스는 {b}에서 파생될 수 없습니다</translation>
    </message>
    <message>
        <source>a format width of {group} is over the limit of {format_width}</source>
        <translation>서식 너비 {group}이(가) 한도 {format_width}를 넘습니다</translation>
    </message>
    <message>
        <source>a format width of {g} is over the limit of {format_width}</source>
        <translation>서식 너비 {g}이(가) 한도 {format_width}를 넘습니다</translation>
    </message>
    <message>
        <source>a gradient needs a root node</source>
        <translation>기울기를 주려면 뿌리 노드가 필요합니다</translation>
    </message>
    <message>
        <source>a group comment needs a quoted name: # group &quot;name&quot;: a, b</source>
        <translation>그룹 주석에는 따옴표로 감싼 이름이 필요합니다: # group &quot;name&quot;: a, b</translation>
    </message>
    <message>
        <source>a group name can have at most 80 characters</source>
        <translation>그룹 이름은 최대 80자입니다</translation>
    </message>
    <message>
        <source>a group name cannot contain {values}</source>
        <translation>그룹 이름에는 {values}을(를) 쓸 수 없습니다</translation>
    </message>
    <message>
        <source>a group needs a name</source>
        <translation>그룹에는 이름이 필요합니다</translation>
    </message>
    <message>
        <source>a group needs at least one node (ungroup it instead)</source>
        <translation>그룹에는 노드가 하나 이상 있어야 합니다 (대신 그룹을 해제하세요)</translation>
    </message>
    <message>
        <source>a group with id &apos;{group_id}&apos; already exists</source>
        <translation>id가 &apos;{group_id}&apos;인 그룹이 이미 있습니다</translation>
    </message>
    <message>
        <source>a group with id &apos;{id}&apos; already exists</source>
        <translation>id가 &apos;{id}&apos;인 그룹이 이미 있습니다</translation>
    </message>
    <message>
        <source>a leaf tensor is {FLOAT_DTYPES}; whole numbers and booleans ({dtype}) are constants</source>
        <translation>잎 텐서는 {FLOAT_DTYPES}입니다; 정수와 불리언({dtype})은 상수입니다</translation>
    </message>
    <message>
        <source>a list</source>
        <translation>리스트</translation>
    </message>
    <message>
        <source>a list is not a tensor here: wrap it as tensor([...])</source>
        <translation>여기서 리스트는 텐서가 아닙니다: tensor([...])로 감싸세요</translation>
    </message>
    <message>
        <source>a name cannot be empty</source>
        <translation>이름은 비워 둘 수 없습니다</translation>
    </message>
    <message>
        <source>a new node can only be connected to itself</source>
        <translation>새 노드는 자기 자신에게만 연결할 수 있습니다</translation>
    </message>
    <message>
        <source>a node needs an id</source>
        <translation>노드에는 id가 필요합니다</translation>
    </message>
    <message>
        <source>a node with id &apos;{id}&apos; already exists</source>
        <translation>id가 &apos;{id}&apos;인 노드가 이미 있습니다</translation>
    </message>
    <message>
        <source>a node&apos;s {key} cannot change</source>
        <translation>노드의 {key}은(는) 바꿀 수 없습니다</translation>
    </message>
    <message>
        <source>a number</source>
        <translation>숫자</translation>
    </message>
    <message>
        <source>a number is out of range for {dtype}</source>
        <translation>{dtype}의 범위를 벗어나는 수가 있습니다</translation>
    </message>
    <message>
        <source>a position must be finite</source>
        <translation>위치는 유한한 값이어야 합니다</translation>
    </message>
    <message>
        <source>a position must be two numbers, not {pos}</source>
        <translation>위치는 숫자 두 개여야 합니다 ({pos}은(는) 안 됩니다)</translation>
    </message>
    <message>
        <source>a product of integers over {int_bits} bits is too large to compute here</source>
        <translation>{int_bits}비트를 넘는 정수 곱은 너무 커서 여기서 계산할 수 없습니다</translation>
    </message>
    <message>
        <source>a script must be text</source>
        <translation>스크립트는 텍스트여야 합니다</translation>
    </message>
    <message>
        <source>a sign can only stand before a number</source>
        <translation>부호는 숫자 앞에만 올 수 있습니다</translation>
    </message>
    <message>
        <source>a starred expression is not supported here</source>
        <translation>별표 식은 여기서 지원하지 않습니다</translation>
    </message>
    <message>
        <source>a string</source>
        <translation>문자열</translation>
    </message>
    <message>
        <source>a tensor has at most {MAX_DIMS} dimensions: this list is nested deeper</source>
        <translation>텐서의 차원은 최대 {MAX_DIMS}개입니다: 이 리스트는 그보다 깊게 중첩되어 있습니다</translation>
    </message>
    <message>
        <source>a tensor of dtype {dtype} cannot be a graph node here</source>
        <translation>dtype이 {dtype}인 텐서는 여기서 그래프 노드가 될 수 없습니다</translation>
    </message>
    <message>
        <source>a tensor of more than {max_elements} elements is too large</source>
        <translation>원소가 {max_elements}개를 넘는 텐서는 너무 큽니다</translation>
    </message>
    <message>
        <source>a tensor of {count} elements is too large (at most {max_elements})</source>
        <translation>원소가 {count}개인 텐서는 너무 큽니다 (최대 {max_elements}개)</translation>
    </message>
    <message>
        <source>a tensor of {size} elements is too large (at most {MAX_TENSOR_ELEMENTS})</source>
        <translation>원소가 {size}개인 텐서는 너무 큽니다 (최대 {MAX_TENSOR_ELEMENTS}개)</translation>
    </message>
    <message>
        <source>a tensor value must be a number or a (nested) list of numbers with the same length in every row</source>
        <translation>텐서 값은 숫자이거나, 모든 행의 길이가 같은 (중첩) 숫자 리스트여야 합니다</translation>
    </message>
    <message>
        <source>a tensor value must be numbers, not {value}</source>
        <translation>텐서 값은 숫자여야 합니다 ({value}은(는) 안 됩니다)</translation>
    </message>
    <message>
        <source>a text chunk of the PNG uses an unknown compression method</source>
        <translation>PNG의 텍스트 청크가 알 수 없는 압축 방식을 씁니다</translation>
    </message>
    <message>
        <source>a whole number with {digits} digits is too large (at most {MAX_INT_DIGITS} digits)</source>
        <translation>{digits}자리 정수는 너무 큽니다 (최대 {MAX_INT_DIGITS}자리)</translation>
    </message>
    <message>
        <source>a width of {args} is over the limit of {format_width}</source>
        <translation>너비 {args}이(가) 한도 {format_width}를 넘습니다</translation>
    </message>
    <message>
        <source>a {kind} annotation has no handle &apos;{handle}&apos;</source>
        <translation>{kind} 주석에는 &apos;{handle}&apos; 핸들이 없습니다</translation>
    </message>
    <message>
        <source>access to &apos;{attr}&apos; is not allowed here (programs cannot reach Python&apos;s internals)</source>
        <translation>&apos;{attr}&apos;에 접근할 수 없습니다 (프로그램은 파이썬 내부에 닿을 수 없습니다)</translation>
    </message>
    <message>
        <source>access to &apos;{name}&apos; is not allowed here (programs cannot reach Python&apos;s internals)</source>
        <translation>&apos;{name}&apos;에 접근할 수 없습니다 (프로그램은 파이썬 내부에 닿을 수 없습니다)</translation>
    </message>
    <message>
        <source>an integer literal has more than {limit} digits, too many to read</source>
        <translation>정수 리터럴의 자릿수가 {limit}개를 넘어 읽을 수 없습니다</translation>
    </message>
    <message>
        <source>an object</source>
        <translation>객체</translation>
    </message>
    <message>
        <source>annotation {number} of {where}</source>
        <translation>{where}의 주석 {number}</translation>
    </message>
    <message>
        <source>arange() cannot step from {_short} to {_short_2} by {_short_3} (the numbers are too large)</source>
        <translation>arange()가 {_short}부터 {_short_2}까지 {_short_3} 간격으로 나아갈 수 없습니다 (수가 너무 큽니다)</translation>
    </message>
    <message>
        <source>arange() needs an end, e.g. arange(5)</source>
        <translation>arange()에는 끝 값이 필요합니다. 예: arange(5)</translation>
    </message>
    <message>
        <source>arange() step must be a number, not nan</source>
        <translation>arange()의 step은 nan이 아닌 수여야 합니다</translation>
    </message>
    <message>
        <source>arange() step must be nonzero</source>
        <translation>arange()의 step은 0이 아니어야 합니다</translation>
    </message>
    <message>
        <source>arange() takes numbers</source>
        <translation>arange()에는 숫자만 쓸 수 있습니다</translation>
    </message>
    <message>
        <source>arange() would make more than {max_elements} elements (from {_short} to {_short_2} in steps of {_short_3})</source>
        <translation>arange()가 원소를 {max_elements}개보다 많이 만들게 됩니다 ({_short}부터 {_short_2}까지 {_short_3} 간격)</translation>
    </message>
    <message>
        <source>assigning to &apos;{name}&apos; is not allowed here</source>
        <translation>&apos;{name}&apos;에 대입할 수 없습니다</translation>
    </message>
    <message>
        <source>async comprehensions are not supported here</source>
        <translation>비동기 컴프리헨션은 지원하지 않습니다</translation>
    </message>
    <message>
        <source>attribute &apos;{name}&apos; of &apos;torch._C.TensorBase&apos; objects is not writable</source>
        <translation>&apos;torch._C.TensorBase&apos; 객체의 속성 &apos;{name}&apos;은(는) 쓸 수 없습니다</translation>
    </message>
    <message>
        <source>backward failed: {exc}</source>
        <translation>역전파 실패: {exc}</translation>
    </message>
    <message>
        <source>backward&apos;s root is not a tensor</source>
        <translation>backward의 뿌리가 텐서가 아닙니다</translation>
    </message>
    <message>
        <source>backward() got an unexpected keyword &apos;{arg}&apos;{suggest}</source>
        <translation>backward()에 예상하지 못한 키워드 &apos;{arg}&apos;이(가) 주어졌습니다{suggest}</translation>
    </message>
    <message>
        <source>backward() got the gradient twice</source>
        <translation>backward()에 기울기가 두 번 주어졌습니다</translation>
    </message>
    <message>
        <source>backward() is called twice: a graph has one root; keep one backward() call</source>
        <translation>backward()가 두 번 호출되었습니다: 그래프의 뿌리는 하나입니다. backward() 호출을 하나만 남기세요</translation>
    </message>
    <message>
        <source>backward() takes one positional argument, the gradient</source>
        <translation>backward()는 위치 인수를 하나(기울기)만 받습니다</translation>
    </message>
    <message>
        <source>backward: {error}</source>
        <translation>역전파: {error}</translation>
    </message>
    <message>
        <source>breakpoint() is not available here</source>
        <translation>breakpoint()는 여기서 쓸 수 없습니다</translation>
    </message>
    <message>
        <source>bytearray() is not allowed here</source>
        <translation>bytearray()는 허용되지 않습니다</translation>
    </message>
    <message>
        <source>bytes literals are not supported here</source>
        <translation>bytes 리터럴은 지원하지 않습니다</translation>
    </message>
    <message>
        <source>bytes of live tensors</source>
        <translation>살아 있는 텐서의 바이트 수</translation>
    </message>
    <message>
        <source>bytes() is not allowed here</source>
        <translation>bytes()는 허용되지 않습니다</translation>
    </message>
    <message>
        <source>call functions as torch.nn.functional.relu(x) or F.relu(x)</source>
        <translation>함수는 torch.nn.functional.relu(x)나 F.relu(x)처럼 호출하세요</translation>
    </message>
    <message>
        <source>call it as a method on its own line: Q.{name}(...)</source>
        <translation>메서드로 한 줄에 따로 호출하세요: Q.{name}(...)</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>취소됨</translation>
    </message>
    <message>
        <source>cannot assign to {_describe} here</source>
        <translation>여기서는 {_describe}에 대입할 수 없습니다</translation>
    </message>
    <message>
        <source>cannot import name &apos;{name}&apos; from &apos;{modname}&apos; (not available in this app)</source>
        <translation>&apos;{modname}&apos;에서 &apos;{name}&apos;을(를) import할 수 없습니다 (이 앱에서는 쓸 수 없습니다)</translation>
    </message>
    <message>
        <source>cannot read the recovery copy {name}: {exc}</source>
        <translation>복구 사본 {name}을(를) 읽을 수 없습니다: {exc}</translation>
    </message>
    <message>
        <source>cannot read this expression: {msg}</source>
        <translation>이 식을 읽을 수 없습니다: {msg}</translation>
    </message>
    <message>
        <source>cannot read this version {version} file: it is damaged ({exc})</source>
        <translation>이 버전 {version} 파일을 읽을 수 없습니다: 파일이 손상되었습니다 ({exc})</translation>
    </message>
    <message>
        <source>cannot read {path}: {value}</source>
        <translation>{path}을(를) 읽을 수 없습니다: {value}</translation>
    </message>
    <message>
        <source>cannot run backward: &apos;{name}&apos; failed ({error})</source>
        <translation>역전파를 실행할 수 없습니다: &apos;{name}&apos;이(가) 실패했습니다 ({error})</translation>
    </message>
    <message>
        <source>cannot run backward: &apos;{name}&apos; has no value{where}</source>
        <translation>역전파를 실행할 수 없습니다: &apos;{name}&apos;에 값이 없습니다{where}</translation>
    </message>
    <message>
        <source>cannot save a tensor of dtype {name} (the file format has {DTYPES})</source>
        <translation>dtype {name}인 텐서는 저장할 수 없습니다 (파일 형식의 dtype: {DTYPES})</translation>
    </message>
    <message>
        <source>cannot save {path}: the file is read-only</source>
        <translation>{path}을(를) 저장할 수 없습니다: 읽기 전용 파일입니다</translation>
    </message>
    <message>
        <source>cannot save {path}: {value}</source>
        <translation>{path}을(를) 저장할 수 없습니다: {value}</translation>
    </message>
    <message>
        <source>cannot save: the document would be {encode} bytes (a file can be at most {MAX_FILE_BYTES})</source>
        <translation>저장할 수 없습니다: 문서가 {encode}바이트가 됩니다 (파일은 최대 {MAX_FILE_BYTES}바이트)</translation>
    </message>
    <message>
        <source>cannot save: the tensors are too large (at most {MAX_TENSOR_ELEMENTS} elements each and {MAX_TOTAL_ELEMENTS} in all)</source>
        <translation>저장할 수 없습니다: 텐서가 너무 큽니다 (각각 최대 {MAX_TENSOR_ELEMENTS}개, 모두 합쳐 최대 {MAX_TOTAL_ELEMENTS}개 원소)</translation>
    </message>
    <message>
        <source>cannot save: too many nodes ({nodes}; at most {MAX_NODES})</source>
        <translation>저장할 수 없습니다: 노드가 너무 많습니다 ({nodes}개; 최대 {MAX_NODES}개)</translation>
    </message>
    <message>
        <source>cannot set attributes on &apos;{_kind}&apos; here</source>
        <translation>&apos;{_kind}&apos;에는 속성을 설정할 수 없습니다</translation>
    </message>
    <message>
        <source>cannot train while &apos;{name}&apos; fails: {msg}</source>
        <translation>&apos;{name}&apos;이(가) 실패하는 동안에는 학습할 수 없습니다: {msg}</translation>
    </message>
    <message>
        <source>chained assignment &apos;a = b = ...&apos; is not supported: one name per line</source>
        <translation>&apos;a = b = ...&apos; 같은 연쇄 대입은 지원하지 않습니다: 한 줄에 이름 하나씩 쓰세요</translation>
    </message>
    <message>
        <source>characters of printed output</source>
        <translation>출력된 글자 수</translation>
    </message>
    <message>
        <source>choose an input leaf</source>
        <translation>입력 잎 텐서를 선택하세요</translation>
    </message>
    <message>
        <source>choose an output node</source>
        <translation>출력 노드를 선택하세요</translation>
    </message>
    <message>
        <source>class definitions are not part of the expression language</source>
        <translation>클래스 정의는 표현식 언어에 포함되지 않습니다</translation>
    </message>
    <message>
        <source>class keywords (metaclass=...) are not supported here</source>
        <translation>클래스 키워드(metaclass=...)는 지원하지 않습니다</translation>
    </message>
    <message>
        <source>comparisons (&apos;==&apos;, &apos;&lt;&apos;, ...) are only allowed inside print(...)</source>
        <translation>비교(&apos;==&apos;, &apos;&lt;&apos;, ...)는 print(...) 안에서만 쓸 수 있습니다</translation>
    </message>
    <message>
        <source>compile() is not allowed here</source>
        <translation>compile()은 허용되지 않습니다</translation>
    </message>
    <message>
        <source>complex numbers are not supported</source>
        <translation>복소수는 지원하지 않습니다</translation>
    </message>
    <message>
        <source>connecting &apos;{name}&apos; to &apos;{name_2}&apos; would create a cycle: {names}</source>
        <translation>&apos;{name}&apos;을(를) &apos;{name_2}&apos;에 연결하면 순환이 생깁니다: {names}</translation>
    </message>
    <message>
        <source>connecting &apos;{name}&apos; to itself would create a cycle</source>
        <translation>&apos;{name}&apos;을(를) 자기 자신에 연결하면 순환이 생깁니다</translation>
    </message>
    <message>
        <source>copy: a {kind} cannot be copied here</source>
        <translation>copy: 여기서는 {kind}을(를) 복사할 수 없습니다</translation>
    </message>
    <message>
        <source>could not write {path}</source>
        <translation>{path}을(를) 쓸 수 없습니다</translation>
    </message>
    <message>
        <source>damaged document ({name}: {exc})</source>
        <translation>손상된 문서입니다 ({name}: {exc})</translation>
    </message>
    <message>
        <source>defining &apos;{k}&apos; is not supported here</source>
        <translation>여기서는 &apos;{k}&apos;을(를) 정의할 수 없습니다</translation>
    </message>
    <message>
        <source>defining &apos;{name}&apos; is not supported here (only __init__, forward and __call__ among the double-underscore names)</source>
        <translation>여기서는 &apos;{name}&apos;을(를) 정의할 수 없습니다 (밑줄 두 개로 된 이름 중에는 __init__, forward, __call__만 됩니다)</translation>
    </message>
    <message>
        <source>delattr() is not allowed here</source>
        <translation>delattr()는 허용되지 않습니다</translation>
    </message>
    <message>
        <source>dict comprehensions are not supported</source>
        <translation>딕셔너리 컴프리헨션은 지원하지 않습니다</translation>
    </message>
    <message>
        <source>dictionaries are not supported</source>
        <translation>딕셔너리는 지원하지 않습니다</translation>
    </message>
    <message>
        <source>dir() is not allowed here</source>
        <translation>dir()는 허용되지 않습니다</translation>
    </message>
    <message>
        <source>division by zero</source>
        <translation>0으로 나눌 수 없습니다</translation>
    </message>
    <message>
        <source>dtype must be float32 or float64 (or torch.float32, torch.float64, torch.long)</source>
        <translation>dtype은 float32나 float64여야 합니다 (torch.float32, torch.float64, torch.long도 됩니다)</translation>
    </message>
    <message>
        <source>elements in one tensor</source>
        <translation>텐서 하나의 원소 수</translation>
    </message>
    <message>
        <source>enter a number or a list of numbers, e.g. [1, 1]</source>
        <translation>숫자나 숫자 리스트를 입력하세요 (예: [1, 1])</translation>
    </message>
    <message>
        <source>enter a whole number or None</source>
        <translation>정수나 None을 입력하세요</translation>
    </message>
    <message>
        <source>enter one number per cell</source>
        <translation>칸마다 숫자 하나를 입력하세요</translation>
    </message>
    <message>
        <source>enter two dimensions, e.g. (0, 1)</source>
        <translation>차원 두 개를 입력하세요 (예: (0, 1))</translation>
    </message>
    <message>
        <source>enter whole numbers, e.g. (2, 3)</source>
        <translation>정수를 입력하세요 (예: (2, 3))</translation>
    </message>
    <message>
        <source>eval() is not allowed here</source>
        <translation>eval()은 허용되지 않습니다</translation>
    </message>
    <message>
        <source>exceptions must derive from BaseException</source>
        <translation>예외는 BaseException을 상속해야 합니다</translation>
    </message>
    <message>
        <source>exec() is not allowed here</source>
        <translation>exec()는 허용되지 않습니다</translation>
    </message>
    <message>
        <source>exit() is not available here</source>
        <translation>exit()는 여기서 쓸 수 없습니다</translation>
    </message>
    <message>
        <source>expected &apos;,&apos; or &apos;{close}&apos; but found &apos;{tokens}&apos;</source>
        <translation>&apos;,&apos; 또는 &apos;{close}&apos;이(가) 와야 하는데 &apos;{tokens}&apos;이(가) 있습니다</translation>
    </message>
    <message>
        <source>expected JSON text</source>
        <translation>JSON 텍스트가 필요합니다</translation>
    </message>
    <message>
        <source>expected a JSON object at the top level, found {_json_type}</source>
        <translation>최상위에 JSON 객체가 있어야 하는데 {_json_type}이(가) 있습니다</translation>
    </message>
    <message>
        <source>eye() needs a size</source>
        <translation>eye()에는 크기가 필요합니다</translation>
    </message>
    <message>
        <source>f-strings are only allowed inside print(...)</source>
        <translation>f-string은 print(...) 안에서만 쓸 수 있습니다</translation>
    </message>
    <message>
        <source>float(...) takes a number (or &apos;nan&apos;, &apos;inf&apos;)</source>
        <translation>float(...)에는 숫자(또는 &apos;nan&apos;, &apos;inf&apos;)를 넣어야 합니다</translation>
    </message>
    <message>
        <source>float(...) takes one argument</source>
        <translation>float(...)는 인수를 하나만 받습니다</translation>
    </message>
    <message>
        <source>float({value}) is not a number</source>
        <translation>float({value})는 숫자가 아닙니다</translation>
    </message>
    <message>
        <source>format field &apos;{{{field}}}&apos; is not allowed here: only {{}}, {{0}} or {{name}} (no attribute or index lookups)</source>
        <translation>서식 필드 &apos;{{{field}}}&apos;는 여기서 쓸 수 없습니다: {{}}, {{0}}, {{name}}만 쓸 수 있습니다(속성이나 인덱스 조회 없이)</translation>
    </message>
    <message>
        <source>full() fills with a number</source>
        <translation>full()의 채울 값은 숫자여야 합니다</translation>
    </message>
    <message>
        <source>full() needs a shape and a fill value</source>
        <translation>full()에는 모양과 채울 값이 필요합니다</translation>
    </message>
    <message>
        <source>function definitions (&apos;def&apos;) are not part of the expression language</source>
        <translation>함수 정의(&apos;def&apos;)는 표현식 언어에 포함되지 않습니다</translation>
    </message>
    <message>
        <source>generator expressions are not supported</source>
        <translation>제너레이터 표현식은 지원하지 않습니다</translation>
    </message>
    <message>
        <source>getattr() is not allowed here: write obj.name</source>
        <translation>getattr()는 허용되지 않습니다: obj.name으로 쓰세요</translation>
    </message>
    <message>
        <source>globals() is not allowed here</source>
        <translation>globals()는 허용되지 않습니다</translation>
    </message>
    <message>
        <source>group &apos;{name}&apos;: its parent groups form a loop</source>
        <translation>그룹 &apos;{name}&apos;: 부모 그룹들이 고리를 이룹니다</translation>
    </message>
    <message>
        <source>group &apos;{name}&apos;: there is no parent group with id {_show}</source>
        <translation>그룹 &apos;{name}&apos;: id가 {_show}인 부모 그룹이 없습니다</translation>
    </message>
    <message>
        <source>hasattr() is not allowed here</source>
        <translation>hasattr()는 허용되지 않습니다</translation>
    </message>
    <message>
        <source>help() is not available here</source>
        <translation>help()는 여기서 쓸 수 없습니다</translation>
    </message>
    <message>
        <source>images cannot be loaded by programs here; write the data as tensor literals</source>
        <translation>여기서는 프로그램이 이미지를 불러올 수 없습니다. 데이터를 텐서 리터럴로 적으세요</translation>
    </message>
    <message>
        <source>import {path}: module &apos;{top}&apos; is not available here; programs can import torch, numpy and math</source>
        <translation>import {path}: 모듈 &apos;{top}&apos;은(는) 여기서 쓸 수 없습니다. 프로그램은 torch, numpy, math를 import할 수 있습니다</translation>
    </message>
    <message>
        <source>import {path}: not allowed here; programs can import torch, numpy and math</source>
        <translation>import {path}: 여기서는 허용되지 않습니다. 프로그램은 torch, numpy, math를 import할 수 있습니다</translation>
    </message>
    <message>
        <source>import {path}: not available in this app (served: {modules})</source>
        <translation>import {path}: 이 앱에서는 쓸 수 없습니다 (제공되는 것: {modules})</translation>
    </message>
    <message>
        <source>import {path}: {hint}</source>
        <translation>import {path} — {hint}</translation>
    </message>
    <message>
        <source>in-place updates like &apos;+=&apos; are not supported: write &apos;x = x + ...&apos; instead</source>
        <translation>&apos;+=&apos; 같은 제자리(in-place) 갱신은 지원하지 않습니다: 대신 &apos;x = x + ...&apos;처럼 쓰세요</translation>
    </message>
    <message>
        <source>indexing like x[0] is not supported: the graph works on whole tensors</source>
        <translation>x[0] 같은 인덱싱은 지원하지 않습니다: 그래프는 텐서 전체를 다룹니다</translation>
    </message>
    <message>
        <source>input {value}</source>
        <translation>{value}번 입력</translation>
    </message>
    <message>
        <source>input {value} of &apos;{name}&apos; is already connected to &apos;{name_2}&apos;</source>
        <translation>&apos;{name}&apos;의 {value}번 입력은 이미 &apos;{name_2}&apos;에 연결되어 있습니다</translation>
    </message>
    <message>
        <source>input() is not available here: write the values into the program</source>
        <translation>input()은 여기서 쓸 수 없습니다: 값을 프로그램에 직접 쓰세요</translation>
    </message>
    <message>
        <source>invalid number &apos;{name}&apos; (NaN and Infinity are not allowed in lectures)</source>
        <translation>잘못된 숫자 &apos;{name}&apos; (강의에서는 NaN과 Infinity를 쓸 수 없습니다)</translation>
    </message>
    <message>
        <source>invalid syntax</source>
        <translation>잘못된 문법입니다</translation>
    </message>
    <message>
        <source>items in one list or string</source>
        <translation>리스트나 문자열 하나의 항목 수</translation>
    </message>
    <message>
        <source>its input</source>
        <translation>입력</translation>
    </message>
    <message>
        <source>lambda functions are not part of the expression language</source>
        <translation>lambda 함수는 표현식 언어에 포함되지 않습니다</translation>
    </message>
    <message>
        <source>lecture</source>
        <translation>강의</translation>
    </message>
    <message>
        <source>lecture: &quot;version&quot; must be an integer</source>
        <translation>강의: &quot;version&quot;은 정수여야 합니다</translation>
    </message>
    <message>
        <source>lecture: &apos;language&apos; must be a language code such as &quot;en&quot; or &quot;ko&quot;</source>
        <translation>강의: &apos;language&apos;는 &quot;en&quot;이나 &quot;ko&quot; 같은 언어 코드여야 합니다</translation>
    </message>
    <message>
        <source>lecture: &apos;slides&apos; must be a list</source>
        <translation>강의: &apos;slides&apos;는 리스트여야 합니다</translation>
    </message>
    <message>
        <source>lecture: &apos;step_ops_only&apos; must be true or false</source>
        <translation>강의: &apos;step_ops_only&apos;는 true 또는 false여야 합니다</translation>
    </message>
    <message>
        <source>lecture: there are no slides</source>
        <translation>강의: 슬라이드가 없습니다</translation>
    </message>
    <message>
        <source>lecture: too many slides ({slides}; the limit is {MAX_SLIDES})</source>
        <translation>강의: 슬라이드가 너무 많습니다 ({slides}개, 최대 {MAX_SLIDES}개)</translation>
    </message>
    <message>
        <source>lecture: unknown format version {version}</source>
        <translation>강의: 알 수 없는 형식 버전 {version}</translation>
    </message>
    <message>
        <source>line {line}, column {col}: {message}</source>
        <translation>{line}행 {col}열: {message}</translation>
    </message>
    <message>
        <source>line {line}: {message}</source>
        <translation>{line}번째 줄: {message}</translation>
    </message>
    <message>
        <source>linspace() needs start, end and steps</source>
        <translation>linspace()에는 start, end, steps가 필요합니다</translation>
    </message>
    <message>
        <source>linspace() steps must be a whole number</source>
        <translation>linspace()의 steps는 정수여야 합니다</translation>
    </message>
    <message>
        <source>list comprehensions are not supported: write the numbers out</source>
        <translation>리스트 컴프리헨션은 지원하지 않습니다: 숫자를 직접 나열하세요</translation>
    </message>
    <message>
        <source>lists nested deeper than {MAX_DEPTH} levels</source>
        <translation>리스트가 {MAX_DEPTH}단계보다 깊게 중첩되었습니다</translation>
    </message>
    <message>
        <source>locals() is not allowed here</source>
        <translation>locals()는 허용되지 않습니다</translation>
    </message>
    <message>
        <source>loop iterations</source>
        <translation>루프 반복 수</translation>
    </message>
    <message>
        <source>manual_seed needs a whole number</source>
        <translation>manual_seed에는 정수가 필요합니다</translation>
    </message>
    <message>
        <source>manual_seed: the seed must be a whole number from -2**63 to 2**64-1 (as in PyTorch)</source>
        <translation>manual_seed: 시드는 -2**63부터 2**64-1까지의 정수여야 합니다 (PyTorch와 같음)</translation>
    </message>
    <message>
        <source>math.factorial({n}) is too large to compute here</source>
        <translation>math.factorial({n})은 너무 커서 여기서 계산할 수 없습니다</translation>
    </message>
    <message>
        <source>matplotlib is not available here; plot values with the app&apos;s Plots menu</source>
        <translation>여기서는 matplotlib을 쓸 수 없습니다. 앱의 플롯 메뉴로 값을 그리세요</translation>
    </message>
    <message>
        <source>memoryview() is not allowed here</source>
        <translation>memoryview()는 허용되지 않습니다</translation>
    </message>
    <message>
        <source>module &apos;{name}&apos; has no attribute &apos;{name_2}&apos; (not available in this app)</source>
        <translation>모듈 &apos;{name}&apos;에 속성 &apos;{name_2}&apos;이(가) 없습니다 (이 앱에서는 제공하지 않습니다)</translation>
    </message>
    <message>
        <source>modules like nn.{attr} are not part of the graph language: write F.linear(x, W, b) with W and b as tensors (requires_grad=True)</source>
        <translation>nn.{attr} 같은 모듈은 그래프 언어에 포함되지 않습니다: W와 b를 텐서(requires_grad=True)로 만들고 F.linear(x, W, b)로 쓰세요</translation>
    </message>
    <message>
        <source>more than {MAX_ELEMENTS} numbers</source>
        <translation>숫자가 {MAX_ELEMENTS}개보다 많습니다</translation>
    </message>
    <message>
        <source>name &apos;{name}&apos; is not defined</source>
        <translation>이름 &apos;{name}&apos;이(가) 정의되지 않았습니다</translation>
    </message>
    <message>
        <source>name &apos;{name}&apos; is not defined (add the import, e.g. {_import_line})</source>
        <translation>이름 &apos;{name}&apos;이(가) 정의되지 않았습니다 (import를 추가하세요. 예: {_import_line})</translation>
    </message>
    <message>
        <source>name &apos;{name}&apos; is not defined ({IMPORT_HINTS})</source>
        <translation>이름 &apos;{name}&apos;이(가) 정의되지 않았습니다 ({IMPORT_HINTS})</translation>
    </message>
    <message>
        <source>name &apos;{name}&apos; is not defined{suggest}</source>
        <translation>이름 &apos;{name}&apos;이(가) 정의되지 않았습니다{suggest}</translation>
    </message>
    <message>
        <source>names with double underscores like &apos;{name}&apos; are not allowed</source>
        <translation>&apos;{name}&apos;처럼 밑줄 두 개가 들어간 이름은 쓸 수 없습니다</translation>
    </message>
    <message>
        <source>negation is not in the op table</source>
        <translation>부호 반전은 연산 표에 없습니다</translation>
    </message>
    <message>
        <source>neither a PNG nor an SVG image</source>
        <translation>PNG 이미지도 SVG 이미지도 아닙니다</translation>
    </message>
    <message>
        <source>nested calls (recursion depth)</source>
        <translation>중첩 호출 (재귀 깊이)</translation>
    </message>
    <message>
        <source>nested fields in a format spec are not allowed here</source>
        <translation>서식 지정 안의 중첩 필드는 허용되지 않습니다</translation>
    </message>
    <message>
        <source>no backward root: choose the node to call .backward() on</source>
        <translation>역전파 뿌리가 없습니다: .backward()를 호출할 노드를 고르세요</translation>
    </message>
    <message>
        <source>no binding for nonlocal &apos;{name}&apos; found</source>
        <translation>nonlocal &apos;{name}&apos;에 해당하는 바인딩이 없습니다</translation>
    </message>
    <message>
        <source>no connection selected</source>
        <translation>선택된 연결이 없습니다</translation>
    </message>
    <message>
        <source>no gradient flows here (requires_grad=False)</source>
        <translation>여기로는 기울기가 흐르지 않습니다 (requires_grad=False)</translation>
    </message>
    <message>
        <source>no group with id &apos;{gid}&apos;</source>
        <translation>id가 &apos;{gid}&apos;인 그룹이 없습니다</translation>
    </message>
    <message>
        <source>no group with id &apos;{group_id}&apos;</source>
        <translation>id가 &apos;{group_id}&apos;인 그룹이 없습니다</translation>
    </message>
    <message>
        <source>no node with id &apos;{node_id}&apos;</source>
        <translation>id가 &apos;{node_id}&apos;인 노드가 없습니다</translation>
    </message>
    <message>
        <source>no path from the root reaches it</source>
        <translation>뿌리에서 여기까지 오는 경로가 없습니다</translation>
    </message>
    <message>
        <source>no root: set one to see the paths of the chain rule</source>
        <translation>뿌리 없음: 연쇄 법칙의 경로를 보려면 뿌리를 지정하세요</translation>
    </message>
    <message>
        <source>no tensors are alive at this statement</source>
        <translation>이 문장 시점에 살아 있는 텐서가 없습니다</translation>
    </message>
    <message>
        <source>no undo stack to apply the result to</source>
        <translation>결과를 적용할 실행 취소 스택이 없습니다</translation>
    </message>
    <message>
        <source>node &apos;{name}&apos; ({where})</source>
        <translation>노드 &apos;{name}&apos; ({where})</translation>
    </message>
    <message>
        <source>nodes have no field &apos;{key}&apos;</source>
        <translation>노드에는 &apos;{key}&apos; 필드가 없습니다</translation>
    </message>
    <message>
        <source>none of these nodes is a leaf tensor, so none can require grad</source>
        <translation>이 노드 중 잎 텐서가 하나도 없어서 어느 것도 기울기를 요구할 수 없습니다</translation>
    </message>
    <message>
        <source>nonfinite must be &apos;warn&apos; or &apos;error&apos;</source>
        <translation>nonfinite는 &apos;warn&apos;이나 &apos;error&apos;여야 합니다</translation>
    </message>
    <message>
        <source>not a PNG file</source>
        <translation>PNG 파일이 아닙니다</translation>
    </message>
    <message>
        <source>not a lecture file: &quot;format&quot; must be &quot;{FORMAT}&quot;</source>
        <translation>강의 파일이 아닙니다: &quot;format&quot; 값은 &quot;{FORMAT}&quot;(이)어야 합니다</translation>
    </message>
    <message>
        <source>not a lecture file: the top level must be a JSON object</source>
        <translation>강의 파일이 아닙니다: 최상위는 JSON 객체여야 합니다</translation>
    </message>
    <message>
        <source>not a node</source>
        <translation>노드가 아닙니다</translation>
    </message>
    <message>
        <source>not a number or list of numbers (column {col}): {msg}</source>
        <translation>숫자나 숫자 리스트가 아닙니다 ({col}번째 열): {msg}</translation>
    </message>
    <message>
        <source>not a text file (invalid UTF-8 at byte {start})</source>
        <translation>텍스트 파일이 아닙니다 (바이트 {start}에서 UTF-8이 올바르지 않습니다)</translation>
    </message>
    <message>
        <source>not an Autograd Explorer document (&quot;format&quot; must be &quot;{FORMAT}&quot;)</source>
        <translation>Autograd Explorer 문서가 아닙니다 (&quot;format&quot;에는 &quot;{FORMAT}&quot;을(를) 써야 합니다)</translation>
    </message>
    <message>
        <source>not an SVG document (no &lt;svg&gt; element)</source>
        <translation>SVG 문서가 아닙니다 (&lt;svg&gt; 요소가 없습니다)</translation>
    </message>
    <message>
        <source>not an SVG document (the &lt;svg&gt; tag is not closed)</source>
        <translation>SVG 문서가 아닙니다 (&lt;svg&gt; 태그가 닫히지 않았습니다)</translation>
    </message>
    <message>
        <source>not computed yet</source>
        <translation>아직 계산되지 않음</translation>
    </message>
    <message>
        <source>not enough values to unpack (expected at least {value}, got {items})</source>
        <translation>풀어낼 값이 모자랍니다 (최소 {value}개가 필요한데 {items}개입니다)</translation>
    </message>
    <message>
        <source>not enough values to unpack (expected {n}, got {items})</source>
        <translation>풀어낼 값이 모자랍니다 ({n}개가 필요한데 {items}개입니다)</translation>
    </message>
    <message>
        <source>not valid JSON at line {lineno}, column {colno}: {msg}</source>
        <translation>올바른 JSON이 아닙니다 ({lineno}행 {colno}열): {msg}</translation>
    </message>
    <message>
        <source>not valid JSON: {exc}</source>
        <translation>올바른 JSON이 아닙니다: {exc}</translation>
    </message>
    <message>
        <source>not valid JSON: {msg} at line {lineno}, column {colno}</source>
        <translation>올바른 JSON이 아닙니다: {msg} ({lineno}행 {colno}열)</translation>
    </message>
    <message>
        <source>note: random values (torch.rand, randn, ..., DataLoader(shuffle=True), random_split) come from this app&apos;s generator and differ from PyTorch&apos;s, even with the same manual_seed</source>
        <translation>참고: 난수(torch.rand, randn, ..., DataLoader(shuffle=True), random_split)는 이 앱의 생성기에서 나오므로 같은 manual_seed를 써도 PyTorch의 값과 다릅니다</translation>
    </message>
    <message>
        <source>note: torchvision.models is served by this app&apos;s model zoo (engine.models): torchvision&apos;s architectures and parameter names, computed by this app&apos;s engine</source>
        <translation>참고: torchvision.models는 이 앱의 모델 모음(engine.models)이 제공합니다: torchvision의 구조와 매개변수 이름을 이 앱의 엔진이 계산합니다</translation>
    </message>
    <message>
        <source>note: {arch}: pretrained weights cannot be downloaded here, so the model gets torchvision&apos;s initialisation from a fixed seed (the same numbers on every run); weights=&apos;{arch}.npz&apos; loads your own</source>
        <translation>참고: {arch}: 여기서는 사전 학습된 가중치를 내려받을 수 없으므로, 모델은 고정된 시드로 torchvision의 초기화를 받습니다(실행할 때마다 같은 수). weights=&apos;{arch}.npz&apos;로 직접 준비한 가중치를 불러올 수 있습니다</translation>
    </message>
    <message>
        <source>nothing selected to delete</source>
        <translation>삭제할 항목이 선택되지 않았습니다</translation>
    </message>
    <message>
        <source>nothing to export: no node of the graph is selected</source>
        <translation>내보낼 것이 없습니다: 선택한 그래프 노드가 없습니다</translation>
    </message>
    <message>
        <source>nothing to export: no selected node is in the backward graph</source>
        <translation>내보낼 것이 없습니다: 선택한 노드 중 역전파 그래프에 있는 것이 없습니다</translation>
    </message>
    <message>
        <source>nothing to export: the backward graph is empty (backward from &apos;{name}&apos; failed: {error})</source>
        <translation>내보낼 것이 없습니다: 역전파 그래프가 비어 있습니다 (&apos;{name}&apos;에서 시작한 역전파 실패: {error})</translation>
    </message>
    <message>
        <source>nothing to export: the backward graph is empty (set a root that requires grad and run backward)</source>
        <translation>내보낼 것이 없습니다: 역전파 그래프가 비어 있습니다 (requires_grad인 뿌리를 정하고 역전파를 실행하세요)</translation>
    </message>
    <message>
        <source>nothing to export: the graph is empty</source>
        <translation>내보낼 것이 없습니다: 그래프가 비어 있습니다</translation>
    </message>
    <message>
        <source>nothing to insert</source>
        <translation>넣을 것이 없습니다</translation>
    </message>
    <message>
        <source>nothing to move</source>
        <translation>옮길 것이 없습니다</translation>
    </message>
    <message>
        <source>nothing to paste</source>
        <translation>붙여 넣을 것이 없습니다</translation>
    </message>
    <message>
        <source>nothing to train: &apos;{name}&apos; does not depend on any leaf that requires grad</source>
        <translation>학습할 것이 없습니다: &apos;{name}&apos;은(는) 기울기를 요구하는 잎에 의존하지 않습니다</translation>
    </message>
    <message>
        <source>null</source>
        <translation>null</translation>
    </message>
    <message>
        <source>only &apos;x.requires_grad = True/False&apos; can be assigned to; not &apos;.{attr}&apos;</source>
        <translation>대입할 수 있는 것은 &apos;x.requires_grad = True/False&apos;뿐입니다 (&apos;.{attr}&apos;은(는) 안 됩니다)</translation>
    </message>
    <message>
        <source>only Tensors of floating point dtype can require gradients</source>
        <translation>only Tensors of floating point dtype can require gradients</translation>
    </message>
    <message>
        <source>only functions and tensor methods can be called</source>
        <translation>호출할 수 있는 것은 함수와 텐서 메서드뿐입니다</translation>
    </message>
    <message>
        <source>only names and items can be deleted here</source>
        <translation>여기서는 이름과 항목만 삭제할 수 있습니다</translation>
    </message>
    <message>
        <source>only numbers and [lists] of numbers are allowed here</source>
        <translation>여기에는 숫자와 숫자의 [리스트]만 쓸 수 있습니다</translation>
    </message>
    <message>
        <source>only plain names can be assigned to</source>
        <translation>대입할 수 있는 대상은 단순한 이름뿐입니다</translation>
    </message>
    <message>
        <source>only torch (and torch.nn, torch.nn.functional) can be imported, not &apos;{name}&apos;</source>
        <translation>torch(및 torch.nn, torch.nn.functional)만 import할 수 있습니다 (&apos;{name}&apos;은(는) 안 됩니다)</translation>
    </message>
    <message>
        <source>only torch (and torch.nn, torch.nn.functional) can be imported, not &apos;{value}&apos;</source>
        <translation>torch(및 torch.nn, torch.nn.functional)만 import할 수 있습니다 (&apos;{value}&apos;은(는) 안 됩니다)</translation>
    </message>
    <message>
        <source>only torchvision.models is available here (the app&apos;s model zoo: resnet18, small_resnet); datasets and transforms are not</source>
        <translation>여기서는 torchvision.models만 쓸 수 있습니다(앱의 모델 모음: resnet18, small_resnet). datasets와 transforms는 쓸 수 없습니다</translation>
    </message>
    <message>
        <source>open() is not allowed here: programs cannot read or write files</source>
        <translation>open()은 허용되지 않습니다: 프로그램은 파일을 읽거나 쓸 수 없습니다</translation>
    </message>
    <message>
        <source>pandas is not available here; write the data as torch.tensor([...]) literals</source>
        <translation>여기서는 pandas를 쓸 수 없습니다. 데이터를 torch.tensor([...]) 리터럴로 적으세요</translation>
    </message>
    <message>
        <source>parameter &apos;{param_name}&apos; of {op_name}</source>
        <translation>{op_name}의 매개변수 &apos;{param_name}&apos;</translation>
    </message>
    <message>
        <source>parameter name &apos;{nm}&apos; is not allowed here</source>
        <translation>매개변수 이름 &apos;{nm}&apos;은(는) 허용되지 않습니다</translation>
    </message>
    <message>
        <source>plotting libraries are not available here; use the app&apos;s Plots menu</source>
        <translation>여기서는 그래프 라이브러리를 쓸 수 없습니다. 앱의 플롯 메뉴를 쓰세요</translation>
    </message>
    <message>
        <source>print(...) must be on a line of its own</source>
        <translation>print(...)는 한 줄에 따로 써야 합니다</translation>
    </message>
    <message>
        <source>print(file=...) is not available here</source>
        <translation>print(file=...)는 여기서 쓸 수 없습니다</translation>
    </message>
    <message>
        <source>quit() is not available here</source>
        <translation>quit()는 여기서 쓸 수 없습니다</translation>
    </message>
    <message>
        <source>recorded tensors and ops</source>
        <translation>기록된 텐서와 연산 수</translation>
    </message>
    <message>
        <source>relative imports are not available here</source>
        <translation>상대 import는 쓸 수 없습니다</translation>
    </message>
    <message>
        <source>requires_grad must be True or False</source>
        <translation>requires_grad는 True나 False여야 합니다</translation>
    </message>
    <message>
        <source>requires_grad_() got an unexpected keyword &apos;{arg}&apos;</source>
        <translation>requires_grad_()에 예상하지 못한 키워드 &apos;{arg}&apos;이(가) 주어졌습니다</translation>
    </message>
    <message>
        <source>requires_grad_() takes True or False</source>
        <translation>requires_grad_()에는 True나 False를 넣어야 합니다</translation>
    </message>
    <message>
        <source>retain_grad() takes no arguments</source>
        <translation>retain_grad()는 인수를 받지 않습니다</translation>
    </message>
    <message>
        <source>root: there is no node with id {_show}</source>
        <translation>root: id가 {_show}인 노드가 없습니다</translation>
    </message>
    <message>
        <source>root_gradient is given but there is no root</source>
        <translation>root_gradient가 주어졌지만 뿌리가 없습니다</translation>
    </message>
    <message>
        <source>rows have different lengths</source>
        <translation>행의 길이가 다릅니다</translation>
    </message>
    <message>
        <source>rows have different lengths: every row of a tensor needs the same number of values</source>
        <translation>행의 길이가 다릅니다: 텐서의 모든 행은 값의 개수가 같아야 합니다</translation>
    </message>
    <message>
        <source>rows of different lengths: every row must have the same number of entries</source>
        <translation>행의 길이가 다릅니다: 모든 행의 항목 수가 같아야 합니다</translation>
    </message>
    <message>
        <source>scikit-learn is not available here; write the data as torch.tensor([...]) literals</source>
        <translation>여기서는 scikit-learn을 쓸 수 없습니다. 데이터를 torch.tensor([...]) 리터럴로 적으세요</translation>
    </message>
    <message>
        <source>seconds of run time</source>
        <translation>실행 시간(초)</translation>
    </message>
    <message>
        <source>select the nodes to group first</source>
        <translation>먼저 묶을 노드를 선택하세요</translation>
    </message>
    <message>
        <source>set comprehensions are not supported</source>
        <translation>집합 컴프리헨션은 지원하지 않습니다</translation>
    </message>
    <message>
        <source>setattr() is not allowed here: write obj.name = value</source>
        <translation>setattr()는 허용되지 않습니다: obj.name = value로 쓰세요</translation>
    </message>
    <message>
        <source>sets are not supported</source>
        <translation>집합(set)은 지원하지 않습니다</translation>
    </message>
    <message>
        <source>sleep length must be non-negative</source>
        <translation>sleep 길이는 음수가 아니어야 합니다</translation>
    </message>
    <message>
        <source>slices are not supported</source>
        <translation>슬라이스는 지원하지 않습니다</translation>
    </message>
    <message>
        <source>slide 1: the first slide must load a graph (load_example, load_script or load_graph)</source>
        <translation>슬라이드 1: 첫 슬라이드는 그래프를 불러와야 합니다 (load_example, load_script 또는 load_graph)</translation>
    </message>
    <message>
        <source>slide {number}</source>
        <translation>슬라이드 {number}</translation>
    </message>
    <message>
        <source>slide {number}, action {step}</source>
        <translation>슬라이드 {number}, 동작 {step}</translation>
    </message>
    <message>
        <source>statement {value} runs no backward</source>
        <translation>{value}번째 문장은 backward를 실행하지 않습니다</translation>
    </message>
    <message>
        <source>statements</source>
        <translation>실행한 문장 수</translation>
    </message>
    <message>
        <source>step {name}: {error}</source>
        <translation>단계 {name}: {error}</translation>
    </message>
    <message>
        <source>stopped: more than {n}{unit} {which} (the run&apos;s budget)</source>
        <translation>중단됨: {which}이(가) {n}{unit}을(를) 넘었습니다 (실행 한도)</translation>
    </message>
    <message>
        <source>stopped: more than {n}{unit} {which} (the run&apos;s budget; is a loop unbounded?)</source>
        <translation>중단됨: {which}이(가) {n}{unit}을(를) 넘었습니다 (실행 한도. 끝나지 않는 루프인가요?)</translation>
    </message>
    <message>
        <source>stopped: out of memory (the run&apos;s tensor budget)</source>
        <translation>중단됨: 메모리가 부족합니다 (실행의 텐서 한도)</translation>
    </message>
    <message>
        <source>stopped: {_one_line}</source>
        <translation>중단됨: {_one_line}</translation>
    </message>
    <message>
        <source>super(): no arguments</source>
        <translation>super(): 인자가 없습니다</translation>
    </message>
    <message>
        <source>syntax error: {msg}</source>
        <translation>문법 오류: {msg}</translation>
    </message>
    <message>
        <source>tensor() needs its data, e.g. tensor([1., 2.])</source>
        <translation>tensor()에는 데이터가 필요합니다. 예: tensor([1., 2.])</translation>
    </message>
    <message>
        <source>tensor() takes numbers or (nested) lists of numbers</source>
        <translation>tensor()는 숫자나 숫자의 (중첩) 리스트를 받습니다</translation>
    </message>
    <message>
        <source>text is not a tensor or a number</source>
        <translation>텍스트는 텐서도 숫자도 아닙니다</translation>
    </message>
    <message>
        <source>that connection does not exist</source>
        <translation>그 연결은 없습니다</translation>
    </message>
    <message>
        <source>that tensor is too large to type in (over a million values)</source>
        <translation>그 텐서는 직접 입력하기에 너무 큽니다 (값이 백만 개 넘음)</translation>
    </message>
    <message>
        <source>the PNG encoder failed</source>
        <translation>PNG 인코딩에 실패했습니다</translation>
    </message>
    <message>
        <source>the PNG file is damaged (a chunk length is out of range)</source>
        <translation>PNG 파일이 손상되었습니다 (청크 길이가 범위를 벗어남)</translation>
    </message>
    <message>
        <source>the PNG file is truncated</source>
        <translation>PNG 파일이 잘려 있습니다</translation>
    </message>
    <message>
        <source>the PNG file is truncated (it ends before its last chunk)</source>
        <translation>PNG 파일이 잘려 있습니다 (마지막 청크 전에 끝납니다)</translation>
    </message>
    <message>
        <source>the SVG file is empty</source>
        <translation>SVG 파일이 비어 있습니다</translation>
    </message>
    <message>
        <source>the attribute &apos;.{attr}&apos; is not supported</source>
        <translation>속성 &apos;.{attr}&apos;은(는) 지원하지 않습니다</translation>
    </message>
    <message>
        <source>the backward graph needs a run: compute forward and backward first</source>
        <translation>역전파 그래프를 그리려면 실행 결과가 필요합니다: 먼저 순전파와 역전파를 계산하세요</translation>
    </message>
    <message>
        <source>the backward root no longer exists</source>
        <translation>역전파 뿌리가 더 이상 없습니다</translation>
    </message>
    <message>
        <source>the backward&apos;s root is not in the graph</source>
        <translation>backward의 뿌리가 그래프에 없습니다</translation>
    </message>
    <message>
        <source>the change removes node &apos;{missing}&apos;, which the graph before it does not have</source>
        <translation>이 변경은 노드 &apos;{missing}&apos;을(를) 지우지만, 앞 그래프에는 그 노드가 없습니다</translation>
    </message>
    <message>
        <source>the constant &apos;{name}&apos; needs a value</source>
        <translation>상수 &apos;{name}&apos;에는 값이 필요합니다</translation>
    </message>
    <message>
        <source>the edges form a cycle: {names_on_cycle}</source>
        <translation>연결이 순환을 이룹니다: {names_on_cycle}</translation>
    </message>
    <message>
        <source>the exponent {_short} is too large (at most {MAX_EXPONENT} in size)</source>
        <translation>지수 {_short}이(가) 너무 큽니다 (크기는 최대 {MAX_EXPONENT})</translation>
    </message>
    <message>
        <source>the file holds too many values (more than {MAX_JSON_VALUES}; large tensors are stored as base64)</source>
        <translation>파일에 값이 너무 많습니다 ({MAX_JSON_VALUES}개 초과; 큰 텐서는 base64로 저장됩니다)</translation>
    </message>
    <message>
        <source>the file is nested too deeply (at most {MAX_DEPTH} levels)</source>
        <translation>파일이 너무 깊게 중첩되어 있습니다 (최대 깊이 {MAX_DEPTH})</translation>
    </message>
    <message>
        <source>the file is too large (at most {MAX_FILE_BYTES} bytes)</source>
        <translation>파일이 너무 큽니다 (최대 {MAX_FILE_BYTES}바이트)</translation>
    </message>
    <message>
        <source>the gradient must be a tensor, e.g. gradient=tensor([1., 1.])</source>
        <translation>기울기는 텐서여야 합니다. 예: gradient=tensor([1., 1.])</translation>
    </message>
    <message>
        <source>the gradient&apos;s value cannot be worked out</source>
        <translation>기울기의 값을 알아낼 수 없습니다</translation>
    </message>
    <message>
        <source>the graph cannot be embedded in the image: {exc}</source>
        <translation>그래프를 이미지에 넣을 수 없습니다: {exc}</translation>
    </message>
    <message>
        <source>the graph cannot be embedded in the image: {exc} (export with the graph left out, or save the document)</source>
        <translation>그래프를 이미지에 넣을 수 없습니다: {exc} (그래프를 빼고 내보내거나 문서를 저장하세요)</translation>
    </message>
    <message>
        <source>the graph in the SVG is not UTF-8 text ({reason})</source>
        <translation>SVG의 그래프가 UTF-8 텍스트가 아닙니다 ({reason})</translation>
    </message>
    <message>
        <source>the graph is too large to embed (more than {MAX_TEXT} bytes)</source>
        <translation>그래프가 너무 커서 넣을 수 없습니다 ({MAX_TEXT}바이트 초과)</translation>
    </message>
    <message>
        <source>the graph stored in the image is not a document (it does not start with &apos;{{&apos;)</source>
        <translation>이미지에 저장된 그래프가 문서가 아닙니다 (&apos;{{&apos;로 시작하지 않습니다)</translation>
    </message>
    <message>
        <source>the graph stored in the image is not valid JSON ({msg} at character {value})</source>
        <translation>이미지에 저장된 그래프가 올바른 JSON이 아닙니다 ({value}번째 문자에서 {msg})</translation>
    </message>
    <message>
        <source>the graph stored in the image is too large (more than {MAX_TEXT} bytes)</source>
        <translation>이미지에 저장된 그래프가 너무 큽니다 ({MAX_TEXT}바이트 초과)</translation>
    </message>
    <message>
        <source>the graph&apos;s metadata element in the SVG is damaged</source>
        <translation>SVG에서 그래프의 metadata 요소가 손상되었습니다</translation>
    </message>
    <message>
        <source>the graph&apos;s metadata element in the SVG is not closed</source>
        <translation>SVG에서 그래프의 metadata 요소가 닫히지 않았습니다</translation>
    </message>
    <message>
        <source>the graph&apos;s metadata in the SVG is not valid XML ({exc})</source>
        <translation>SVG에 있는 그래프의 metadata가 올바른 XML이 아닙니다 ({exc})</translation>
    </message>
    <message>
        <source>the graph&apos;s text chunk of the PNG is damaged ({exc})</source>
        <translation>PNG에서 그래프의 텍스트 청크가 손상되었습니다 ({exc})</translation>
    </message>
    <message>
        <source>the group &quot;{name}&quot; lists &apos;{missing}&apos;, which is not a node of the graph</source>
        <translation>그룹 &quot;{name}&quot;에 그래프의 노드가 아닌 &apos;{missing}&apos;이(가) 들어 있습니다</translation>
    </message>
    <message>
        <source>the image size must be between 16 and {MAX_SIDE} pixels a side (got {w}x{h})</source>
        <translation>이미지 크기는 한 변이 16에서 {MAX_SIDE} 픽셀 사이여야 합니다 ({w}x{h}을(를) 받았습니다)</translation>
    </message>
    <message>
        <source>the image would be {pw}×{ph} pixels, too large to make; use a smaller scale, a fixed size, SVG or PDF, or export the selection</source>
        <translation>이미지가 {pw}×{ph} 픽셀이 되어 만들기에 너무 큽니다. 배율을 줄이거나, 크기를 고정하거나, SVG나 PDF를 쓰거나, 선택한 부분만 내보내세요</translation>
    </message>
    <message>
        <source>the leaf tensor &apos;{name}&apos; needs a value</source>
        <translation>잎 텐서 &apos;{name}&apos;에는 값이 필요합니다</translation>
    </message>
    <message>
        <source>the learning rate must be a positive number, not {lr}</source>
        <translation>학습률은 양수여야 합니다 ({lr}은(는) 안 됩니다)</translation>
    </message>
    <message>
        <source>the lecture file is nested too deeply</source>
        <translation>강의 파일의 중첩이 너무 깊습니다</translation>
    </message>
    <message>
        <source>the lecture file is not UTF-8 text (byte {start})</source>
        <translation>강의 파일이 UTF-8 텍스트가 아닙니다 (바이트 {start})</translation>
    </message>
    <message>
        <source>the lecture file is too large (over {value} MB)</source>
        <translation>강의 파일이 너무 큽니다 ({value} MB 초과)</translation>
    </message>
    <message>
        <source>the margin must be between 0 and 500</source>
        <translation>여백은 0에서 500 사이여야 합니다</translation>
    </message>
    <message>
        <source>the name &apos;{name}&apos; is already used by another node</source>
        <translation>&apos;{name}&apos; 이름은 이미 다른 노드가 쓰고 있습니다</translation>
    </message>
    <message>
        <source>the name &apos;{name}&apos; is the same Python name as &apos;{name_2}&apos; (Python reads both as &apos;{identifier_key}&apos;), which another node uses</source>
        <translation>이름 &apos;{name}&apos;은(는) 다른 노드가 쓰는 &apos;{name_2}&apos;와(과) 같은 Python 이름입니다 (Python은 둘 다 &apos;{identifier_key}&apos;로 읽습니다)</translation>
    </message>
    <message>
        <source>the number of training steps must be a whole number ≥ 0</source>
        <translation>학습 단계 수는 0 이상의 정수여야 합니다</translation>
    </message>
    <message>
        <source>the operator &apos;{NUMBER_ONLY_BINOPS}&apos; works on plain numbers only, not on tensors</source>
        <translation>연산자 &apos;{NUMBER_ONLY_BINOPS}&apos;은(는) 텐서가 아닌 일반 숫자에만 쓸 수 있습니다</translation>
    </message>
    <message>
        <source>the operator &apos;{_op_text}&apos; is not supported</source>
        <translation>연산자 &apos;{_op_text}&apos;은(는) 지원하지 않습니다</translation>
    </message>
    <message>
        <source>the operator &apos;{_op_text}&apos; is not supported; use + - * / ** @</source>
        <translation>연산자 &apos;{_op_text}&apos;은(는) 지원하지 않습니다. + - * / ** @ 중에서 쓰세요</translation>
    </message>
    <message>
        <source>the operator &apos;{symbol}&apos; is not in the op table</source>
        <translation>연산자 &apos;{symbol}&apos;은(는) 연산 표에 없습니다</translation>
    </message>
    <message>
        <source>the program cannot be read ({name})</source>
        <translation>프로그램을 읽을 수 없습니다 ({name})</translation>
    </message>
    <message>
        <source>the program cannot run</source>
        <translation>프로그램을 실행할 수 없습니다</translation>
    </message>
    <message>
        <source>the program is nested too deeply to run here</source>
        <translation>프로그램이 너무 깊게 중첩되어 실행할 수 없습니다</translation>
    </message>
    <message>
        <source>the program is over {MAX_SOURCE} characters</source>
        <translation>프로그램이 {MAX_SOURCE}자를 넘습니다</translation>
    </message>
    <message>
        <source>the range must be a positive number</source>
        <translation>범위는 양수여야 합니다</translation>
    </message>
    <message>
        <source>the root gradient&apos;s shape {shape} does not match &apos;{name}&apos; {out_shape}</source>
        <translation>뿌리 기울기의 모양 {shape}이(가) &apos;{name}&apos;의 모양 {out_shape}와(과) 맞지 않습니다</translation>
    </message>
    <message>
        <source>the rows of this nested list have different lengths</source>
        <translation>이 중첩 리스트의 행 길이가 서로 다릅니다</translation>
    </message>
    <message>
        <source>the run recorded no statements</source>
        <translation>이 실행에는 기록된 문장이 없습니다</translation>
    </message>
    <message>
        <source>the scale must be between {MIN_SCALE} and {MAX_SCALE} (got {scale})</source>
        <translation>배율은 {MIN_SCALE}에서 {MAX_SCALE} 사이여야 합니다 ({scale}을(를) 받았습니다)</translation>
    </message>
    <message>
        <source>the script is nested too deeply (at most {MAX_NESTING} levels)</source>
        <translation>스크립트가 너무 깊게 중첩되어 있습니다 (최대 깊이 {MAX_NESTING})</translation>
    </message>
    <message>
        <source>the script is too long: {source} characters (at most {MAX_SOURCE_CHARS})</source>
        <translation>스크립트가 너무 깁니다: {source}자 (최대 {MAX_SOURCE_CHARS}자)</translation>
    </message>
    <message>
        <source>the script makes too many nodes (more than {MAX_NODES})</source>
        <translation>스크립트가 만드는 노드가 너무 많습니다 ({MAX_NODES}개 초과)</translation>
    </message>
    <message>
        <source>the script&apos;s tensors hold too many numbers together (more than {MAX_TOTAL_ELEMENTS})</source>
        <translation>스크립트의 텐서들에 든 숫자가 합쳐서 너무 많습니다 ({MAX_TOTAL_ELEMENTS}개 초과)</translation>
    </message>
    <message>
        <source>the shape of this tensor cannot be worked out</source>
        <translation>이 텐서의 모양을 알아낼 수 없습니다</translation>
    </message>
    <message>
        <source>the tangent of &apos;{name}&apos; must have its shape {shape}, not {shape_2}</source>
        <translation>&apos;{name}&apos;의 접선(tangent)은 그 모양 {shape}이어야 합니다. {shape_2}는 안 됩니다</translation>
    </message>
    <message>
        <source>the tensors in this file are too large in total (more than {MAX_TOTAL_ELEMENTS} elements)</source>
        <translation>이 파일의 텐서들은 합쳐서 너무 큽니다 (원소 {MAX_TOTAL_ELEMENTS}개 초과)</translation>
    </message>
    <message>
        <source>the text is too long ({text} characters, at most {MAX_LENGTH})</source>
        <translation>텍스트가 너무 깁니다 ({text}자, 최대 {MAX_LENGTH}자)</translation>
    </message>
    <message>
        <source>the value ends too early: a &apos;]&apos; is missing</source>
        <translation>값이 너무 일찍 끝납니다: &apos;]&apos;가 빠졌습니다</translation>
    </message>
    <message>
        <source>there are no {phase} steps (the {phase_2} pass did not run)</source>
        <translation>{phase} 단계가 없습니다 ({phase_2} 패스가 실행되지 않았습니다)</translation>
    </message>
    <message>
        <source>there are {seq} {phase} steps; step {index} does not exist</source>
        <translation>{phase} 단계는 {seq}개입니다. {index}단계는 없습니다</translation>
    </message>
    <message>
        <source>there is no op node to plot yet</source>
        <translation>아직 그릴 연산 노드가 없습니다</translation>
    </message>
    <message>
        <source>there is no slide {value} (the lecture has {slide_count})</source>
        <translation>{value}번 슬라이드는 없습니다 (강의의 슬라이드는 {slide_count}개입니다)</translation>
    </message>
    <message>
        <source>these ports are already connected</source>
        <translation>이 포트들은 이미 연결되어 있습니다</translation>
    </message>
    <message>
        <source>this augmented assignment target is not supported</source>
        <translation>이 복합 대입의 대상은 지원하지 않습니다</translation>
    </message>
    <message>
        <source>this document was written by a newer Autograd Explorer (file format version {version}; this version reads up to {VERSION}). Please update.</source>
        <translation>이 문서는 더 새로운 Autograd Explorer에서 작성되었습니다 (파일 형식 버전 {version}, 이 버전은 {VERSION}까지 읽을 수 있습니다). 업데이트하세요.</translation>
    </message>
    <message>
        <source>this expression is nested too deeply (more than {MAX_NESTING} levels): split it into several lines</source>
        <translation>이 표현식은 너무 깊게 중첩되어 있습니다 (깊이 {MAX_NESTING} 초과): 여러 줄로 나누세요</translation>
    </message>
    <message>
        <source>this expression is too long for the add-node field: use the Code panel</source>
        <translation>노드 추가 칸에 넣기에는 식이 너무 깁니다: 코드 패널을 쓰세요</translation>
    </message>
    <message>
        <source>this is not a real number (a negative number to a fractional power)</source>
        <translation>이 값은 실수가 아닙니다 (음수를 분수로 거듭제곱했습니다)</translation>
    </message>
    <message>
        <source>this is not a script: {exc}</source>
        <translation>스크립트가 아닙니다: {exc}</translation>
    </message>
    <message>
        <source>this lecture was written by a newer version of Autograd Explorer (format version {version}; this version reads up to {VERSION})</source>
        <translation>이 강의는 더 새로운 버전의 Autograd Explorer에서 작성되었습니다 (형식 버전 {version}, 이 버전은 {VERSION}까지 읽을 수 있습니다)</translation>
    </message>
    <message>
        <source>this number has too many digits (a number in a script is at most 300 digits long)</source>
        <translation>이 수는 자릿수가 너무 많습니다 (스크립트의 수는 최대 300자리입니다)</translation>
    </message>
    <message>
        <source>this number is too large</source>
        <translation>이 숫자는 너무 큽니다</translation>
    </message>
    <message>
        <source>this number is too large (a number in a script is at most 300 digits long)</source>
        <translation>이 수는 너무 큽니다 (스크립트의 수는 최대 300자리입니다)</translation>
    </message>
    <message>
        <source>this operator is not supported here</source>
        <translation>이 연산자는 지원하지 않습니다</translation>
    </message>
    <message>
        <source>this option must be a plain number, True/False or None</source>
        <translation>이 옵션은 일반 숫자, True/False 또는 None이어야 합니다</translation>
    </message>
    <message>
        <source>this option must be a plain number, not a tensor</source>
        <translation>이 옵션은 텐서가 아닌 일반 숫자여야 합니다</translation>
    </message>
    <message>
        <source>too many dimensions</source>
        <translation>차원이 너무 많습니다</translation>
    </message>
    <message>
        <source>too many nodes ({raw_nodes}; at most {MAX_NODES})</source>
        <translation>노드가 너무 많습니다 ({raw_nodes}개, 최대 {MAX_NODES}개)</translation>
    </message>
    <message>
        <source>too many values to unpack (expected {n})</source>
        <translation>풀어낼 값이 너무 많습니다 ({n}개가 필요합니다)</translation>
    </message>
    <message>
        <source>torchaudio is not available here; write the data as tensor literals</source>
        <translation>여기서는 torchaudio를 쓸 수 없습니다. 데이터를 텐서 리터럴로 적으세요</translation>
    </message>
    <message>
        <source>torchtext is not available here; write the data as tensor literals</source>
        <translation>여기서는 torchtext를 쓸 수 없습니다. 데이터를 텐서 리터럴로 적으세요</translation>
    </message>
    <message>
        <source>tqdm is not available here; loop over range(...) directly</source>
        <translation>여기서는 tqdm을 쓸 수 없습니다. range(...)로 바로 반복하세요</translation>
    </message>
    <message>
        <source>training needs a scalar loss at the root (or an external gradient)</source>
        <translation>학습하려면 뿌리에 스칼라 손실(또는 외부 기울기)이 있어야 합니다</translation>
    </message>
    <message>
        <source>true/false</source>
        <translation>true/false</translation>
    </message>
    <message>
        <source>type a number such as 2.5 or a list such as [2., 3.]</source>
        <translation>2.5 같은 숫자나 [2., 3.] 같은 리스트를 입력하세요</translation>
    </message>
    <message>
        <source>type an expression such as 3*a**3 - b**2</source>
        <translation>3*a**3 - b**2 같은 식을 입력하세요</translation>
    </message>
    <message>
        <source>type annotations are not supported: write &apos;name = expression&apos;</source>
        <translation>타입 주석은 지원하지 않습니다: &apos;name = expression&apos; 형태로 쓰세요</translation>
    </message>
    <message>
        <source>type() takes 1 argument here (making classes with type(name, bases, dict) is not available: write a class statement)</source>
        <translation>여기서 type()은 인수를 1개만 받습니다 (type(name, bases, dict)로 클래스를 만들 수는 없습니다: class 문을 쓰세요)</translation>
    </message>
    <message>
        <source>undo of &apos;{text}&apos; before it was done</source>
        <translation>&apos;{text}&apos;을(를) 실행하기 전에 실행 취소하려 했습니다</translation>
    </message>
    <message>
        <source>unexpected &apos;{tokens}&apos; after the value</source>
        <translation>값 뒤에 예상하지 못한 &apos;{tokens}&apos;이(가) 있습니다</translation>
    </message>
    <message>
        <source>unexpected &apos;{tok}&apos;</source>
        <translation>예상하지 못한 &apos;{tok}&apos;</translation>
    </message>
    <message>
        <source>unknown dtype &apos;{dtype}&apos; (use {DTYPES})</source>
        <translation>알 수 없는 dtype &apos;{dtype}&apos; ({DTYPES} 중 하나를 쓰세요)</translation>
    </message>
    <message>
        <source>unknown file format version {version}</source>
        <translation>알 수 없는 파일 형식 버전 {version}</translation>
    </message>
    <message>
        <source>unknown format &apos;{fmt}&apos; (png, svg or pdf)</source>
        <translation>알 수 없는 형식 &apos;{fmt}&apos; (png, svg 또는 pdf)</translation>
    </message>
    <message>
        <source>unknown function &apos;{name}&apos;{suggest}</source>
        <translation>알 수 없는 함수 &apos;{name}&apos;{suggest}</translation>
    </message>
    <message>
        <source>unknown method &apos;{name}&apos;{suggest}</source>
        <translation>알 수 없는 메서드 &apos;{name}&apos;{suggest}</translation>
    </message>
    <message>
        <source>unknown node kind &apos;{kind}&apos;</source>
        <translation>알 수 없는 노드 종류 &apos;{kind}&apos;</translation>
    </message>
    <message>
        <source>unknown operation &apos;{op_name}&apos;</source>
        <translation>알 수 없는 연산 &apos;{op_name}&apos;</translation>
    </message>
    <message>
        <source>unknown operation &apos;{op}&apos;</source>
        <translation>알 수 없는 연산 &apos;{op}&apos;</translation>
    </message>
    <message>
        <source>unknown optimizer &apos;{optimizer}&apos;: use &apos;sgd&apos; or &apos;adam&apos;</source>
        <translation>알 수 없는 옵티마이저 &apos;{optimizer}&apos;: &apos;sgd&apos;나 &apos;adam&apos;을 쓰세요</translation>
    </message>
    <message>
        <source>unknown phase &apos;{phase}&apos;</source>
        <translation>알 수 없는 단계 &apos;{phase}&apos;</translation>
    </message>
    <message>
        <source>unknown theme &apos;{name}&apos;; choose one of {THEMES}</source>
        <translation>알 수 없는 테마 &apos;{name}&apos;. {THEMES} 중에서 고르세요</translation>
    </message>
    <message>
        <source>unknown theme &apos;{theme}&apos;; choose one of {THEMES}</source>
        <translation>알 수 없는 테마 &apos;{theme}&apos;. {THEMES} 중에서 고르세요</translation>
    </message>
    <message>
        <source>unknown view &apos;{view}&apos; (forward or backward)</source>
        <translation>알 수 없는 보기 &apos;{view}&apos; (forward 또는 backward)</translation>
    </message>
    <message>
        <source>unpacking &apos;a, b = ...&apos; is not supported: one name per line</source>
        <translation>&apos;a, b = ...&apos; 같은 언패킹은 지원하지 않습니다: 한 줄에 이름 하나씩 쓰세요</translation>
    </message>
    <message>
        <source>unsupported range: {_short} -&gt; {_short_2}</source>
        <translation>unsupported range: {_short} -&gt; {_short_2} (범위의 끝은 유한한 수여야 합니다)</translation>
    </message>
    <message>
        <source>upper bound and lower bound inconsistent with step sign</source>
        <translation>upper bound and lower bound inconsistent with step sign (상한과 하한의 순서가 step의 부호와 맞지 않습니다)</translation>
    </message>
    <message>
        <source>vars() is not allowed here</source>
        <translation>vars()는 허용되지 않습니다</translation>
    </message>
    <message>
        <source>version 0 file: &quot;nodes&quot; must be an object keyed by name</source>
        <translation>버전 0 파일: &quot;nodes&quot;는 이름을 키로 하는 객체여야 합니다</translation>
    </message>
    <message>
        <source>version 0 file: node &apos;{name}&apos; has an unknown type {_show}</source>
        <translation>버전 0 파일: 노드 &apos;{name}&apos;의 타입 {_show}을(를) 알 수 없습니다</translation>
    </message>
    <message>
        <source>version 0 file: node &apos;{name}&apos; must be an object</source>
        <translation>버전 0 파일: 노드 &apos;{name}&apos;은(는) 객체여야 합니다</translation>
    </message>
    <message>
        <source>version 0 file: node &apos;{name}&apos; uses an unknown input {_show}</source>
        <translation>버전 0 파일: 노드 &apos;{name}&apos;이(가) 알 수 없는 입력 {_show}을(를) 사용합니다</translation>
    </message>
    <message>
        <source>version 0 file: node &apos;{name}&apos;: &quot;args&quot; must be a list of names</source>
        <translation>버전 0 파일: 노드 &apos;{name}&apos;: &quot;args&quot;는 이름의 리스트여야 합니다</translation>
    </message>
    <message>
        <source>version 0 file: the output {_show} is not a node</source>
        <translation>버전 0 파일: 출력 {_show}은(는) 노드가 아닙니다</translation>
    </message>
    <message>
        <source>you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a subgraph that doesn&apos;t require differentiation use var_no_grad = var.detach().</source>
        <translation>you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a subgraph that doesn&apos;t require differentiation use var_no_grad = var.detach().</translation>
    </message>
    <message>
        <source>{_where} failed: {name}: {exc}</source>
        <translation>{_where} 실패: {name}: {exc}</translation>
    </message>
    <message>
        <source>{_where}: {exc}</source>
        <translation>{_where}: {exc}</translation>
    </message>
    <message>
        <source>{arg} must be True, False or None</source>
        <translation>{arg}은(는) True, False, None 중 하나여야 합니다</translation>
    </message>
    <message>
        <source>{a} &lt;&lt; {b} is too large to compute here</source>
        <translation>{a} &lt;&lt; {b}은(는) 너무 커서 여기서 계산할 수 없습니다</translation>
    </message>
    <message>
        <source>{basename}: the graph stored in the image: {message}</source>
        <translation>{basename}: 이미지에 저장된 그래프: {message}</translation>
    </message>
    <message>
        <source>{basename}: {message}</source>
        <translation>{basename}: {message}</translation>
    </message>
    <message>
        <source>{base} ** {exp} is too large to compute here (over {int_bits} bits)</source>
        <translation>{base} ** {exp}은(는) 너무 커서 여기서 계산할 수 없습니다 ({int_bits}비트 초과)</translation>
    </message>
    <message>
        <source>{base} has nothing called &apos;{name}&apos; that the language knows{suggest}</source>
        <translation>{base}에는 표현식 언어가 아는 &apos;{name}&apos;이(가) 없습니다{suggest}</translation>
    </message>
    <message>
        <source>{cls}.__new__() got an unexpected keyword argument &apos;{k}&apos;</source>
        <translation>{cls}.__new__()에 예상하지 못한 키워드 인수 &apos;{k}&apos;가 주어졌습니다</translation>
    </message>
    <message>
        <source>{cls}.__new__() missing 1 required positional argument: &apos;{field}&apos;</source>
        <translation>{cls}.__new__()에 필요한 위치 인수 1개가 빠졌습니다: &apos;{field}&apos;</translation>
    </message>
    <message>
        <source>{cls}.__new__() takes {n} positional arguments but {given} were given</source>
        <translation>{cls}.__new__()는 위치 인수를 {n}개 받지만 {given}개가 주어졌습니다</translation>
    </message>
    <message>
        <source>{dtype} has no NaN or infinity</source>
        <translation>{dtype}에는 NaN이나 무한대가 없습니다</translation>
    </message>
    <message>
        <source>{element_label} is not finite</source>
        <translation>{element_label}이(가) 유한한 값이 아닙니다</translation>
    </message>
    <message>
        <source>{file}: no such file</source>
        <translation>{file}: 그런 파일이 없습니다</translation>
    </message>
    <message>
        <source>{fname}() got an unexpected keyword argument &apos;{k}&apos;</source>
        <translation>{fname}()이(가) 예상하지 못한 키워드 인자 &apos;{k}&apos;를 받았습니다</translation>
    </message>
    <message>
        <source>{fname}() got multiple values for argument &apos;{k}&apos;</source>
        <translation>{fname}()이(가) 인자 &apos;{k}&apos;에 값을 여러 개 받았습니다</translation>
    </message>
    <message>
        <source>{fname}() missing {missing} required positional argument: {values}</source>
        <translation>{fname}()에 필요한 위치 인자 {missing}개가 빠졌습니다: {values}</translation>
    </message>
    <message>
        <source>{fname}() missing {missing} required positional arguments: {values}</source>
        <translation>{fname}()에 필요한 위치 인자 {missing}개가 빠졌습니다: {values}</translation>
    </message>
    <message>
        <source>{fname}() takes {n} positional arguments but {args} were given</source>
        <translation>{fname}()은(는) 위치 인자를 {n}개 받는데 {args}개가 주어졌습니다</translation>
    </message>
    <message>
        <source>{message} (in &apos;{snippet}&apos;)</source>
        <translation>{message} (&apos;{snippet}&apos;에서)</translation>
    </message>
    <message>
        <source>{name} has no op in the graph editor&apos;s table</source>
        <translation>{name}에 해당하는 연산이 그래프 편집기의 표에 없습니다</translation>
    </message>
    <message>
        <source>{name} is not valid JSON; write non-finite values as &quot;nan&quot;, &quot;inf&quot; or &quot;-inf&quot;</source>
        <translation>{name}은(는) 올바른 JSON이 아닙니다. 유한하지 않은 값은 &quot;nan&quot;, &quot;inf&quot;, &quot;-inf&quot;로 쓰세요</translation>
    </message>
    <message>
        <source>{name} of &apos;{name_2}&apos; holds no value</source>
        <translation>&apos;{name_2}&apos;의 {name}에는 값이 없습니다</translation>
    </message>
    <message>
        <source>{name} of &apos;{name_2}&apos; is connected: disconnect it to type a value</source>
        <translation>&apos;{name_2}&apos;의 {name}은(는) 연결되어 있습니다: 값을 입력하려면 연결을 끊으세요</translation>
    </message>
    <message>
        <source>{name} values are not supported</source>
        <translation>{name} 값은 지원하지 않습니다</translation>
    </message>
    <message>
        <source>{name}&apos;s saved inputs were freed by backward() (as in PyTorch): freeze at a statement before the backward, or use retain_graph=True</source>
        <translation>{name}이(가) 저장한 입력은 backward()가 해제했습니다 (PyTorch와 같음): backward 이전 문장에서 고정하거나 retain_graph=True를 쓰세요</translation>
    </message>
    <message>
        <source>{name}() got an unexpected keyword argument &apos;{key}&apos;{suggest}</source>
        <translation>{name}()에 예상하지 못한 키워드 인수 &apos;{key}&apos;이(가) 주어졌습니다{suggest}</translation>
    </message>
    <message>
        <source>{name}() got too many arguments</source>
        <translation>{name}()에 인수가 너무 많습니다</translation>
    </message>
    <message>
        <source>{name}() makes floating point numbers; use float32 or float64</source>
        <translation>{name}()은(는) 부동소수점 수를 만듭니다. float32나 float64를 쓰세요</translation>
    </message>
    <message>
        <source>{name}() must be called on its own line, e.g. Q.{name_2}()</source>
        <translation>{name}()은(는) 한 줄에 따로 호출해야 합니다. 예: Q.{name_2}()</translation>
    </message>
    <message>
        <source>{name}() needs a tensor</source>
        <translation>{name}()에는 텐서가 필요합니다</translation>
    </message>
    <message>
        <source>{name}() takes a shape of whole numbers &gt;= 0, e.g. {name_2}(2, 3)</source>
        <translation>{name}()은(는) 0 이상의 정수로 된 모양을 받습니다. 예: {name_2}(2, 3)</translation>
    </message>
    <message>
        <source>{name}() takes whole numbers &gt;= 0</source>
        <translation>{name}()에는 0 이상의 정수만 쓸 수 있습니다</translation>
    </message>
    <message>
        <source>{name}(): argument &apos;input&apos; (position 1) must be Tensor, not {name_2}</source>
        <translation>{name}(): 인자 &apos;input&apos;(1번째)은 {name_2}이(가) 아니라 Tensor여야 합니다</translation>
    </message>
    <message>
        <source>{name}(): the size {_short} is too large for one dimension (at most {max_elements})</source>
        <translation>{name}(): 한 차원의 크기 {_short}은(는) 너무 큽니다 (최대 {max_elements})</translation>
    </message>
    <message>
        <source>{name}: cannot tell the image format from {shown} (use .png, .svg or .pdf)</source>
        <translation>{name}: {shown}에서 이미지 형식을 알 수 없습니다 (.png, .svg, .pdf를 쓰세요)</translation>
    </message>
    <message>
        <source>{name}: the lecture file is too large</source>
        <translation>{name}: 강의 파일이 너무 큽니다</translation>
    </message>
    <message>
        <source>{name}: this image carries no graph (it was not exported by Autograd Explorer with the graph embedded)</source>
        <translation>{name}: 이 이미지에는 그래프가 들어 있지 않습니다 (Autograd Explorer에서 그래프를 포함해 내보낸 이미지가 아닙니다)</translation>
    </message>
    <message>
        <source>{name}: {exc}</source>
        <translation>{name}: {exc}</translation>
    </message>
    <message>
        <source>{name}: {message}</source>
        <translation>{name}: {message}</translation>
    </message>
    <message>
        <source>{name}: {msg}</source>
        <translation>{name}: {msg}</translation>
    </message>
    <message>
        <source>{op_name} needs its parameter &apos;{name}&apos;</source>
        <translation>{op_name}에는 매개변수 &apos;{name}&apos;이(가) 필요합니다</translation>
    </message>
    <message>
        <source>{op} produced {kinds}{where} from finite inputs: an input is outside the domain of {op_2}</source>
        <translation>{op}이(가) 유한한 입력에서 {kinds}을(를) 만들었습니다{where}: 입력이 {op_2}의 정의역 밖에 있습니다</translation>
    </message>
    <message>
        <source>{op}: {msg}</source>
        <translation>{op}: {msg}</translation>
    </message>
    <message>
        <source>{op}: {msg} — tensor a is `{a}` (input {port_a}), tensor b is `{b}` (input {port_b})</source>
        <translation>{op}: {msg} — tensor a는 `{a}`(입력 {port_a}), tensor b는 `{b}`(입력 {port_b})입니다</translation>
    </message>
    <message>
        <source>{out}: cannot create the folder ({value})</source>
        <translation>{out}: 폴더를 만들 수 없습니다 ({value})</translation>
    </message>
    <message>
        <source>{out}: cannot write a PDF there (no such folder, or it is a folder)</source>
        <translation>{out}: 그곳에는 PDF를 쓸 수 없습니다 (없는 폴더이거나 폴더 자체입니다)</translation>
    </message>
    <message>
        <source>{out}: could not write the PDF</source>
        <translation>{out}: PDF를 쓸 수 없습니다</translation>
    </message>
    <message>
        <source>{out}: exists and is not a folder</source>
        <translation>{out}: 이미 있고 폴더가 아닙니다</translation>
    </message>
    <message>
        <source>{over}: the result would have {n} (shape {shape})</source>
        <translation>{over}: 결과가 {n}개가 됩니다 (모양 {shape})</translation>
    </message>
    <message>
        <source>{over}: this tensor has {n} (shape {shape})</source>
        <translation>{over}: 이 텐서는 {n}개입니다 (모양 {shape})</translation>
    </message>
    <message>
        <source>{over}: {key} in {f} would have {size}</source>
        <translation>{over}: {f}의 {key}이(가) {size}개가 됩니다</translation>
    </message>
    <message>
        <source>{over}: {name}() would make {n}</source>
        <translation>{over}: {name}()이(가) {n}개를 만듭니다</translation>
    </message>
    <message>
        <source>{over}: {seq} x {n}</source>
        <translation>{over}: {seq} x {n}</translation>
    </message>
    <message>
        <source>{over}: {what} would have {n}</source>
        <translation>{over}: {what}이(가) {n}개가 됩니다</translation>
    </message>
    <message>
        <source>{path}: cannot read the file ({one_line})</source>
        <translation>{path}: 파일을 읽을 수 없습니다 ({one_line})</translation>
    </message>
    <message>
        <source>{path}: cannot write the file ({value})</source>
        <translation>{path}: 파일을 쓸 수 없습니다 ({value})</translation>
    </message>
    <message>
        <source>{path}: is a folder</source>
        <translation>{path}: 폴더입니다</translation>
    </message>
    <message>
        <source>{path}: is a folder, not a file</source>
        <translation>{path}: 파일이 아니라 폴더입니다</translation>
    </message>
    <message>
        <source>{path}: no such file</source>
        <translation>{path}: 그런 파일이 없습니다</translation>
    </message>
    <message>
        <source>{path}: the file is read-only; it was not replaced</source>
        <translation>{path}: 읽기 전용 파일이라 바꾸지 않았습니다</translation>
    </message>
    <message>
        <source>{path}: the file is too large ({size} bytes; at most {MAX_FILE_BYTES})</source>
        <translation>{path}: 파일이 너무 큽니다 ({size}바이트, 최대 {MAX_FILE_BYTES}바이트)</translation>
    </message>
    <message>
        <source>{path}: the folder {folder} does not exist</source>
        <translation>{path}: 폴더 {folder}이(가) 없습니다</translation>
    </message>
    <message>
        <source>{path}: {message}</source>
        <translation>{path}: {message}</translation>
    </message>
    <message>
        <source>{v} is not a number: True/False are for options like requires_grad=True</source>
        <translation>{v}은(는) 숫자가 아닙니다: True/False는 requires_grad=True 같은 옵션에 씁니다</translation>
    </message>
    <message>
        <source>{what} needs a tensor, not a number</source>
        <translation>{what}에는 숫자가 아니라 텐서가 필요합니다</translation>
    </message>
    <message>
        <source>{what}: give the name of a .npz file next to the program, not {name}</source>
        <translation>{what}: {name} 대신 프로그램 옆에 있는 .npz 파일의 이름을 주세요</translation>
    </message>
    <message>
        <source>{what}: only .npz files can be read here ({name}); convert a PyTorch state dict with tools/convert_state_dict.py</source>
        <translation>{what}: 여기서는 .npz 파일만 읽을 수 있습니다 ({name}). PyTorch state dict는 tools/convert_state_dict.py로 변환하세요</translation>
    </message>
    <message>
        <source>{what}: this program has no folder to read {name} from yet: save the document first, next to {name_2}</source>
        <translation>{what}: 이 프로그램에는 아직 {name}을(를) 읽을 폴더가 없습니다. 먼저 문서를 {name_2}와(과) 같은 폴더에 저장하세요</translation>
    </message>
    <message>
        <source>{what}: {name} is outside the program&apos;s folder; files are read only from there</source>
        <translation>{what}: {name}은(는) 프로그램 폴더 밖에 있습니다. 파일은 그 폴더에서만 읽습니다</translation>
    </message>
    <message>
        <source>{where} ({do}) failed: {name}: {exc}</source>
        <translation>{where} ({do}) 실패: {name}: {exc}</translation>
    </message>
    <message>
        <source>{where} ({do}): {exc}</source>
        <translation>{where} ({do}): {exc}</translation>
    </message>
    <message>
        <source>{where} ({title})</source>
        <translation>{where} ({title})</translation>
    </message>
    <message>
        <source>{where} has an unsupported value {value}</source>
        <translation>{where}에 지원하지 않는 값 {value}이(가) 있습니다</translation>
    </message>
    <message>
        <source>{where} has too many dimensions ({value})</source>
        <translation>{where}의 차원이 너무 많습니다 ({value})</translation>
    </message>
    <message>
        <source>{where} must be True or False, not {value}</source>
        <translation>{where}은(는) True나 False여야 합니다 ({value}은(는) 안 됩니다)</translation>
    </message>
    <message>
        <source>{where} must be a number, not {value}</source>
        <translation>{where}은(는) 숫자여야 합니다 ({value}은(는) 안 됩니다)</translation>
    </message>
    <message>
        <source>{where} must be a tuple of whole numbers, not {value}</source>
        <translation>{where}은(는) 정수 튜플이어야 합니다 ({value}은(는) 안 됩니다)</translation>
    </message>
    <message>
        <source>{where} must be a whole number or None, not {value}</source>
        <translation>{where}은(는) 정수나 None이어야 합니다 ({value}은(는) 안 됩니다)</translation>
    </message>
    <message>
        <source>{where} must be a whole number, not {value}</source>
        <translation>{where}은(는) 정수여야 합니다 ({value}은(는) 안 됩니다)</translation>
    </message>
    <message>
        <source>{where} must be two dimensions, not {value}</source>
        <translation>{where}은(는) 차원이 두 개여야 합니다 ({value}개가 아니라)</translation>
    </message>
    <message>
        <source>{where}.base64: a bool tensor&apos;s bytes must be 0 or 1</source>
        <translation>{where}.base64: bool 텐서의 바이트는 0 또는 1이어야 합니다</translation>
    </message>
    <message>
        <source>{where}.base64: expected {expected} characters of base64 for {size} {dtype} values of shape {shape}, found {found}</source>
        <translation>{where}.base64: 모양 {shape}의 {dtype} 값 {size}개에는 base64 {expected}자가 필요한데 {found}입니다</translation>
    </message>
    <message>
        <source>{where}.base64: not valid base64</source>
        <translation>{where}.base64: 올바른 base64가 아닙니다</translation>
    </message>
    <message>
        <source>{where}.data: does not match shape {shape} (expected a list of {shape_2} at depth {value})</source>
        <translation>{where}.data: 모양 {shape}과(와) 맞지 않습니다 (깊이 {value}에서 길이 {shape_2}인 리스트가 필요합니다)</translation>
    </message>
    <message>
        <source>{where}.dtype: a leaf tensor is {FLOAT_DTYPES}; whole numbers and booleans ({dtype}) are constants</source>
        <translation>{where}.dtype: 잎 텐서는 {FLOAT_DTYPES}입니다; 정수와 불리언({dtype})은 상수입니다</translation>
    </message>
    <message>
        <source>{where}.dtype: unknown dtype {_show} (use {DTYPES})</source>
        <translation>{where}.dtype: 알 수 없는 dtype {_show} ({DTYPES} 중 하나를 쓰세요)</translation>
    </message>
    <message>
        <source>{where}.dtype: unknown dtype {_show} (use {FLOAT_DTYPES})</source>
        <translation>{where}.dtype: 알 수 없는 dtype {_show} ({FLOAT_DTYPES} 중 하나를 쓰세요)</translation>
    </message>
    <message>
        <source>{where}.id: the id &apos;{group_id}&apos; is used twice</source>
        <translation>{where}.id: id &apos;{group_id}&apos;이(가) 두 번 쓰였습니다</translation>
    </message>
    <message>
        <source>{where}.id: two nodes have the id &apos;{node_id}&apos;</source>
        <translation>{where}.id: id가 &apos;{node_id}&apos;인 노드가 두 개 있습니다</translation>
    </message>
    <message>
        <source>{where}.kind: must be one of {NODE_KINDS}, found {_show}</source>
        <translation>{where}.kind: {NODE_KINDS} 중 하나여야 합니다 (실제 값: {_show})</translation>
    </message>
    <message>
        <source>{where}.members: expected a non-empty list of node ids</source>
        <translation>{where}.members: 비어 있지 않은 노드 id 리스트가 필요합니다</translation>
    </message>
    <message>
        <source>{where}.members: there is no node with id {_show}</source>
        <translation>{where}.members: id가 {_show}인 노드가 없습니다</translation>
    </message>
    <message>
        <source>{where}.members: {label} is already in group &apos;{grouped}&apos;</source>
        <translation>{where}.members: {label}은(는) 이미 그룹 &apos;{grouped}&apos;에 속해 있습니다</translation>
    </message>
    <message>
        <source>{where}.module: {_show} is not a class name</source>
        <translation>{where}.module: {_show}은(는) 클래스 이름이 아닙니다</translation>
    </message>
    <message>
        <source>{where}.name: {_show} is not a valid name (letters, digits and _, not starting with a digit; no Python keywords)</source>
        <translation>{where}.name: {_show}은(는) 올바른 이름이 아닙니다 (문자, 숫자, _만 쓰고 숫자로 시작하지 않아야 하며 파이썬 키워드는 쓸 수 없습니다)</translation>
    </message>
    <message>
        <source>{where}.name: {exc}</source>
        <translation>{where}.name: {exc}</translation>
    </message>
    <message>
        <source>{where}.op: unknown operation {_show}{extra}</source>
        <translation>{where}.op: 알 수 없는 연산 {_show}{extra}</translation>
    </message>
    <message>
        <source>{where}.param_count: expected a whole number from 0 to {MAX_PARAM_COUNT}</source>
        <translation>{where}.param_count: 0부터 {MAX_PARAM_COUNT}까지의 정수여야 합니다</translation>
    </message>
    <message>
        <source>{where}.params: expected an object, found {_json_type}</source>
        <translation>{where}.params: 객체여야 합니다 (받은 값: {_json_type})</translation>
    </message>
    <message>
        <source>{where}.params: {exc}</source>
        <translation>{where}.params: {exc}</translation>
    </message>
    <message>
        <source>{where}.port: {label} ({op}) has {arity} input(s) numbered 0 to {value}; found {_show}</source>
        <translation>{where}.port: {label} ({op})의 입력은 0번부터 {value}번까지 {arity}개인데 {_show}이(가) 있습니다</translation>
    </message>
    <message>
        <source>{where}.pos: expected two finite numbers [x, y]</source>
        <translation>{where}.pos: 유한한 숫자 두 개 [x, y]가 필요합니다</translation>
    </message>
    <message>
        <source>{where}.shape: expected at most {MAX_DIMS} non-negative whole numbers</source>
        <translation>{where}.shape: 음이 아닌 정수가 최대 {MAX_DIMS}개 있어야 합니다</translation>
    </message>
    <message>
        <source>{where}.shape: must be a list of non-negative whole numbers</source>
        <translation>{where}.shape: 음이 아닌 정수의 리스트여야 합니다</translation>
    </message>
    <message>
        <source>{where}.shape: {shape} dimensions is too many (at most {MAX_DIMS})</source>
        <translation>{where}.shape: 차원 {shape}개는 너무 많습니다 (최대 {MAX_DIMS}개)</translation>
    </message>
    <message>
        <source>{where}.{end}: there is no node with id {_show}</source>
        <translation>{where}.{end}: id가 {_show}인 노드가 없습니다</translation>
    </message>
    <message>
        <source>{where}.{key}: expected a string, found {_json_type}</source>
        <translation>{where}.{key}: 문자열이어야 합니다 (실제 값: {_json_type})</translation>
    </message>
    <message>
        <source>{where}.{key}: expected true or false, found {_json_type}</source>
        <translation>{where}.{key}: true나 false여야 합니다 (받은 값: {_json_type})</translation>
    </message>
    <message>
        <source>{where}: &apos;accumulate&apos; must be true or false</source>
        <translation>{where}: &apos;accumulate&apos;는 true 또는 false여야 합니다</translation>
    </message>
    <message>
        <source>{where}: &apos;actions&apos; must be a list</source>
        <translation>{where}: &apos;actions&apos;는 리스트여야 합니다</translation>
    </message>
    <message>
        <source>{where}: &apos;annotations&apos; must be a list</source>
        <translation>{where}: &apos;annotations&apos;는 목록이어야 합니다</translation>
    </message>
    <message>
        <source>{where}: &apos;document&apos; must be a graph document object</source>
        <translation>{where}: &apos;document&apos;는 그래프 문서 객체여야 합니다</translation>
    </message>
    <message>
        <source>{where}: &apos;index&apos; must be a step number (0 is the first, -1 the last)</source>
        <translation>{where}: &apos;index&apos;는 단계 번호여야 합니다 (0은 첫 단계, -1은 마지막 단계)</translation>
    </message>
    <message>
        <source>{where}: &apos;node&apos; must be a node name</source>
        <translation>{where}: &apos;node&apos;는 노드 이름이어야 합니다</translation>
    </message>
    <message>
        <source>{where}: &apos;phase&apos; must be &quot;forward&quot; or &quot;backward&quot;</source>
        <translation>{where}: &apos;phase&apos;는 &quot;forward&quot;나 &quot;backward&quot;여야 합니다</translation>
    </message>
    <message>
        <source>{where}: &apos;remove_nodes&apos; lists too many entries</source>
        <translation>{where}: &apos;remove_nodes&apos;의 항목이 너무 많습니다</translation>
    </message>
    <message>
        <source>{where}: &apos;remove_nodes&apos; must be a list of node ids</source>
        <translation>{where}: &apos;remove_nodes&apos;는 노드 id 목록이어야 합니다</translation>
    </message>
    <message>
        <source>{where}: &apos;root&apos; must be a node id or null</source>
        <translation>{where}: &apos;root&apos;(뿌리)는 노드 id나 null이어야 합니다</translation>
    </message>
    <message>
        <source>{where}: &apos;root_gradient&apos; must be an encoded tensor or null</source>
        <translation>{where}: &apos;root_gradient&apos;(뿌리의 기울기)는 인코딩된 텐서나 null이어야 합니다</translation>
    </message>
    <message>
        <source>{where}: &apos;step_ops_only&apos; must be true or false</source>
        <translation>{where}: &apos;step_ops_only&apos;는 true 또는 false여야 합니다</translation>
    </message>
    <message>
        <source>{where}: &apos;step_through&apos; must be &quot;forward&quot;, &quot;backward&quot; or &quot;both&quot;</source>
        <translation>{where}: &apos;step_through&apos;는 &quot;forward&quot;, &quot;backward&quot;, &quot;both&quot; 중 하나여야 합니다</translation>
    </message>
    <message>
        <source>{where}: &apos;value&apos; must be true or false</source>
        <translation>{where}: &apos;value&apos;는 true나 false여야 합니다</translation>
    </message>
    <message>
        <source>{where}: &apos;view&apos; must be &quot;forward&quot;, &quot;backward&quot; or &quot;side&quot;</source>
        <translation>{where}: &apos;view&apos;는 &quot;forward&quot;, &quot;backward&quot;, &quot;side&quot; 중 하나여야 합니다</translation>
    </message>
    <message>
        <source>{where}: &apos;{key}&apos; lists too many entries ({value}; the limit is {MAX_CHANGED})</source>
        <translation>{where}: &apos;{key}&apos;의 항목이 너무 많습니다 ({value}개, 한도 {MAX_CHANGED}개)</translation>
    </message>
    <message>
        <source>{where}: &apos;{key}&apos; must be a list of objects</source>
        <translation>{where}: &apos;{key}&apos;는 객체 목록이어야 합니다</translation>
    </message>
    <message>
        <source>{where}: &apos;{name}&apos; is computed by an op; only leaves and constants have values to set</source>
        <translation>{where}: &apos;{name}&apos;은(는) 연산으로 계산됩니다. 값을 설정할 수 있는 것은 잎과 상수뿐입니다</translation>
    </message>
    <message>
        <source>{where}: &apos;{name}&apos; is not a leaf tensor; only leaves have requires_grad to set</source>
        <translation>{where}: &apos;{name}&apos;은(는) 잎 텐서가 아닙니다. requires_grad를 설정할 수 있는 것은 잎뿐입니다</translation>
    </message>
    <message>
        <source>{where}: &apos;{name}&apos; is too long ({value} characters; the limit is {limit})</source>
        <translation>{where}: &apos;{name}&apos;이(가) 너무 깁니다 ({value}자, 최대 {limit}자)</translation>
    </message>
    <message>
        <source>{where}: &apos;{name}&apos; lists too many nodes</source>
        <translation>{where}: &apos;{name}&apos;에 나열된 노드가 너무 많습니다</translation>
    </message>
    <message>
        <source>{where}: &apos;{name}&apos; must be a finite number</source>
        <translation>{where}: &apos;{name}&apos;는 유한한 수여야 합니다</translation>
    </message>
    <message>
        <source>{where}: &apos;{name}&apos; must be a list of node names</source>
        <translation>{where}: &apos;{name}&apos;은(는) 노드 이름 리스트여야 합니다</translation>
    </message>
    <message>
        <source>{where}: &apos;{name}&apos; must be a string</source>
        <translation>{where}: &apos;{name}&apos;은(는) 문자열이어야 합니다</translation>
    </message>
    <message>
        <source>{where}: &apos;{name}&apos; must be a string or a list of strings</source>
        <translation>{where}: &apos;{name}&apos;은(는) 문자열이나 문자열 리스트여야 합니다</translation>
    </message>
    <message>
        <source>{where}: &apos;{name}&apos; must be {limit}</source>
        <translation>{where}: &apos;{name}&apos;는 {limit}이어야 합니다</translation>
    </message>
    <message>
        <source>{where}: &apos;{v}&apos; is not a node name</source>
        <translation>{where}: &apos;{v}&apos;은(는) 노드 이름이 아닙니다</translation>
    </message>
    <message>
        <source>{where}: a pen annotation&apos;s &apos;points&apos; must be a list of 2 to {MAX_PEN_POINTS} [x, y] pairs</source>
        <translation>{where}: 펜 주석의 &apos;points&apos;는 [x, y] 쌍 2개에서 {MAX_PEN_POINTS}개까지의 목록이어야 합니다</translation>
    </message>
    <message>
        <source>{where}: a slide must be an object with a title, narration and actions</source>
        <translation>{where}: 슬라이드는 제목(title), 내레이션(narration), 동작(actions)이 있는 객체여야 합니다</translation>
    </message>
    <message>
        <source>{where}: a tensor of shape {shape} is too large (at most {MAX_TENSOR_ELEMENTS} elements)</source>
        <translation>{where}: 모양이 {shape}인 텐서는 너무 큽니다 (최대 원소 {MAX_TENSOR_ELEMENTS}개)</translation>
    </message>
    <message>
        <source>{where}: a text annotation needs some text</source>
        <translation>{where}: 텍스트 주석에는 텍스트가 있어야 합니다</translation>
    </message>
    <message>
        <source>{where}: a {kind} annotation needs &apos;{missing}&apos;</source>
        <translation>{where}: {kind} 주석에는 &apos;{missing}&apos;이(가) 필요합니다</translation>
    </message>
    <message>
        <source>{where}: an action must be an object like {{&quot;do&quot;: &quot;forward&quot;}}</source>
        <translation>{where}: 동작은 {{&quot;do&quot;: &quot;forward&quot;}} 같은 객체여야 합니다</translation>
    </message>
    <message>
        <source>{where}: an action needs &quot;do&quot;: one of {ACTIONS}</source>
        <translation>{where}: 동작에는 &quot;do&quot;가 필요합니다: {ACTIONS} 중 하나</translation>
    </message>
    <message>
        <source>{where}: an annotation must be an object like {{&quot;kind&quot;: &quot;box&quot;, ...}}</source>
        <translation>{where}: 주석은 {{&quot;kind&quot;: &quot;box&quot;, ...}} 같은 객체여야 합니다</translation>
    </message>
    <message>
        <source>{where}: an annotation&apos;s &apos;kind&apos; must be one of: {KINDS}</source>
        <translation>{where}: 주석의 &apos;kind&apos;는 다음 중 하나여야 합니다: {KINDS}</translation>
    </message>
    <message>
        <source>{where}: an annotation&apos;s &apos;text&apos; must be a string</source>
        <translation>{where}: 주석의 &apos;text&apos;는 문자열이어야 합니다</translation>
    </message>
    <message>
        <source>{where}: an annotation&apos;s text is too long ({text} characters; the limit is {MAX_ANNOTATION_TEXT})</source>
        <translation>{where}: 주석 텍스트가 너무 깁니다 ({text}자, 한도 {MAX_ANNOTATION_TEXT}자)</translation>
    </message>
    <message>
        <source>{where}: an edge needs exactly &apos;src&apos;, &apos;dst&apos; and &apos;port&apos;</source>
        <translation>{where}: 간선에는 &apos;src&apos;, &apos;dst&apos;, &apos;port&apos;만 정확히 있어야 합니다</translation>
    </message>
    <message>
        <source>{where}: each of a pen annotation&apos;s points must be an [x, y] pair</source>
        <translation>{where}: 펜 주석의 각 점은 [x, y] 쌍이어야 합니다</translation>
    </message>
    <message>
        <source>{where}: example name must be a bare name such as &quot;seed&quot; (no paths)</source>
        <translation>{where}: 예제 이름은 &quot;seed&quot;처럼 이름만 써야 합니다 (경로는 쓸 수 없습니다)</translation>
    </message>
    <message>
        <source>{where}: expected an object, found {_json_type}</source>
        <translation>{where}: 객체여야 합니다 (실제 값: {_json_type})</translation>
    </message>
    <message>
        <source>{where}: give either &apos;node&apos; or &apos;nodes&apos;</source>
        <translation>{where}: &apos;node&apos;와 &apos;nodes&apos; 중 하나만 지정하세요</translation>
    </message>
    <message>
        <source>{where}: input {port} of {label} is connected twice (also by edges[{taken}])</source>
        <translation>{where}: {label}의 {port}번 입력이 두 번 연결되어 있습니다 (edges[{taken}]에서도 연결됨)</translation>
    </message>
    <message>
        <source>{where}: missing field &apos;{missing}&apos;</source>
        <translation>{where}: &apos;{missing}&apos; 필드가 없습니다</translation>
    </message>
    <message>
        <source>{where}: missing {values}</source>
        <translation>{where}: {values}이(가) 없습니다</translation>
    </message>
    <message>
        <source>{where}: needs exactly one of &quot;data&quot; (a nested list) or &quot;base64&quot;</source>
        <translation>{where}: &quot;data&quot;(중첩 리스트)와 &quot;base64&quot; 중 정확히 하나가 필요합니다</translation>
    </message>
    <message>
        <source>{where}: no bundled example &apos;{args}&apos; (available: {available})</source>
        <translation>{where}: 내장 예제 &apos;{args}&apos;이(가) 없습니다 (사용 가능: {available})</translation>
    </message>
    <message>
        <source>{where}: no node named &apos;{name}&apos; in the graph (names: {names})</source>
        <translation>{where}: 그래프에 이름이 &apos;{name}&apos;인 노드가 없습니다 (이름: {names})</translation>
    </message>
    <message>
        <source>{where}: the graph has no backward root to give a gradient to</source>
        <translation>{where}: 그래프에 기울기를 줄 역전파 뿌리가 없습니다</translation>
    </message>
    <message>
        <source>{where}: the names &apos;{other}&apos; and &apos;{name}&apos; are the same Python name &apos;{key}&apos; (a printed script would mix them up)</source>
        <translation>{where}: 이름 &apos;{other}&apos;와(과) &apos;{name}&apos;은(는) 같은 Python 이름 &apos;{key}&apos;입니다 (출력한 스크립트에서 둘이 섞입니다)</translation>
    </message>
    <message>
        <source>{where}: the number {_short_int} is too large for a tensor</source>
        <translation>{where}: 수 {_short_int}은(는) 텐서에 담기에 너무 큽니다</translation>
    </message>
    <message>
        <source>{where}: the number {_show} is too large</source>
        <translation>{where}: 숫자 {_show}이(가) 너무 큽니다</translation>
    </message>
    <message>
        <source>{where}: the slide&apos;s graph changes cannot be applied: {exc}</source>
        <translation>{where}: 슬라이드의 그래프 변경을 적용할 수 없습니다: {exc}</translation>
    </message>
    <message>
        <source>{where}: the value has too many elements ({size}; the limit is {MAX_ELEMENTS})</source>
        <translation>{where}: 값의 원소가 너무 많습니다 ({size}개, 최대 {MAX_ELEMENTS}개)</translation>
    </message>
    <message>
        <source>{where}: the value is nested too deeply</source>
        <translation>{where}: 값의 중첩이 너무 깊습니다</translation>
    </message>
    <message>
        <source>{where}: the value is not rectangular (rows of different lengths)</source>
        <translation>{where}: 값이 직사각형 모양이 아닙니다 (행의 길이가 서로 다릅니다)</translation>
    </message>
    <message>
        <source>{where}: too many actions ({actions_obj}; the limit is {MAX_ACTIONS})</source>
        <translation>{where}: 동작이 너무 많습니다 ({actions_obj}개, 최대 {MAX_ACTIONS}개)</translation>
    </message>
    <message>
        <source>{where}: too many annotations ({value}; the limit is {MAX_ANNOTATIONS})</source>
        <translation>{where}: 주석이 너무 많습니다 ({value}개, 한도 {MAX_ANNOTATIONS}개)</translation>
    </message>
    <message>
        <source>{where}: two nodes are named &apos;{name}&apos;</source>
        <translation>{where}: 이름이 &apos;{name}&apos;인 노드가 두 개 있습니다</translation>
    </message>
    <message>
        <source>{where}: unknown action &apos;{do}&apos; (expected one of: {ACTIONS})</source>
        <translation>{where}: 알 수 없는 동작 &apos;{do}&apos; (가능한 동작: {ACTIONS})</translation>
    </message>
    <message>
        <source>{where}: unknown field &apos;{unknown}&apos; (expected one of: {allowed})</source>
        <translation>{where}: 알 수 없는 필드 &apos;{unknown}&apos; (가능한 필드: {allowed})</translation>
    </message>
    <message>
        <source>{where}: unknown field &apos;{unknown}&apos; in a {kind} annotation</source>
        <translation>{where}: {kind} 주석에 알 수 없는 필드 &apos;{unknown}&apos;</translation>
    </message>
    <message>
        <source>{where}: unknown field {_show}</source>
        <translation>{where}: 알 수 없는 필드 {_show}</translation>
    </message>
    <message>
        <source>{where}: values must be finite numbers</source>
        <translation>{where}: 값은 유한한 숫자여야 합니다</translation>
    </message>
    <message>
        <source>{where}: values must be numbers or lists of numbers, not {name}</source>
        <translation>{where}: 값은 숫자나 숫자의 리스트여야 합니다 ({name}은(는) 안 됩니다)</translation>
    </message>
    <message>
        <source>{where}: values must be numbers, not {dumps}</source>
        <translation>{where}: 값은 숫자여야 합니다 ({dumps}은(는) 안 됩니다)</translation>
    </message>
    <message>
        <source>{where}: {_show} is not a number</source>
        <translation>{where}: {_show}은(는) 숫자가 아닙니다</translation>
    </message>
    <message>
        <source>{where}: {_show} is not a number (non-finite values are written &quot;nan&quot;, &quot;inf&quot;, &quot;-inf&quot;)</source>
        <translation>{where}: {_show}은(는) 숫자가 아닙니다 (유한하지 않은 값은 &quot;nan&quot;, &quot;inf&quot;, &quot;-inf&quot;로 씁니다)</translation>
    </message>
    <message>
        <source>{where}: {_show} is not a valid id (letters, digits, &apos;_&apos;, &apos;-&apos;, &apos;.&apos;; at most {MAX_ID_LENGTH} characters)</source>
        <translation>{where}: {_show}은(는) 올바른 id가 아닙니다 (글자, 숫자, &apos;_&apos;, &apos;-&apos;, &apos;.&apos;; 최대 {MAX_ID_LENGTH}자)</translation>
    </message>
    <message>
        <source>{where}: {_show} is not a whole number (the tensor is {dtype})</source>
        <translation>{where}: {_show}은(는) 정수가 아닙니다 ({dtype} 텐서입니다)</translation>
    </message>
    <message>
        <source>{where}: {_show} is not true or false (the tensor is bool)</source>
        <translation>{where}: {_show}은(는) true나 false가 아닙니다 (bool 텐서입니다)</translation>
    </message>
    <message>
        <source>{where}: {_show} is out of range for {dtype} ({min} to {max})</source>
        <translation>{where}: {_show}은(는) {dtype}의 범위({min} ~ {max})를 벗어납니다</translation>
    </message>
    <message>
        <source>{where}: {label} is a constant and has no inputs</source>
        <translation>{where}: {label}은(는) 상수라서 입력이 없습니다</translation>
    </message>
    <message>
        <source>{where}: {label} is a leaf tensor and has no inputs</source>
        <translation>{where}: {label}은(는) 잎 텐서라서 입력이 없습니다</translation>
    </message>
    <message>
        <source>{where}: {message}</source>
        <translation>{where}: {message}</translation>
    </message>
    <message>
        <source>{written}() got &apos;{arg}&apos; twice</source>
        <translation>{written}()에 &apos;{arg}&apos;이(가) 두 번 주어졌습니다</translation>
    </message>
    <message>
        <source>{written}() got an unexpected keyword argument &apos;{arg}&apos;{suggest}</source>
        <translation>{written}()에 예상하지 못한 키워드 인수 &apos;{arg}&apos;이(가) 주어졌습니다{suggest}</translation>
    </message>
    <message>
        <source>{written}() got too many arguments</source>
        <translation>{written}()에 인수가 너무 많습니다</translation>
    </message>
    <message>
        <source>{written}() needs the argument &apos;{name}&apos;</source>
        <translation>{written}()에는 인수 &apos;{name}&apos;이(가) 필요합니다</translation>
    </message>
    <message>
        <source>{written}() needs {need} tensor input, got {got}</source>
        <translation>{written}()에는 텐서 입력이 {need}개 필요한데 {got}개를 받았습니다</translation>
    </message>
    <message>
        <source>{written}() needs {need} tensor inputs, got {got}</source>
        <translation>{written}()에는 텐서 입력이 {need}개 필요한데 {got}개를 받았습니다</translation>
    </message>
</context>
<context>
    <name>ops</name>
    <message>
        <source>Elementwise sum x + y (broadcasting).</source>
        <translation>원소별 합 x + y (브로드캐스팅).</translation>
    </message>
    <message>
        <source>Elementwise difference x − y (broadcasting).</source>
        <translation>원소별 차 x − y (브로드캐스팅).</translation>
    </message>
    <message>
        <source>Elementwise product x · y (broadcasting).</source>
        <translation>원소별 곱 x · y (브로드캐스팅).</translation>
    </message>
    <message>
        <source>Elementwise quotient x / y (broadcasting).</source>
        <translation>원소별 나눗셈 x / y (브로드캐스팅).</translation>
    </message>
    <message>
        <source>Elementwise power x ** y (broadcasting).</source>
        <translation>원소별 거듭제곱 x ** y (브로드캐스팅).</translation>
    </message>
    <message>
        <source>Negation −x.</source>
        <translation>부호 반전 −x.</translation>
    </message>
    <message>
        <source>Reciprocal 1/x.</source>
        <translation>역수 1/x.</translation>
    </message>
    <message>
        <source>Exponential eˣ.</source>
        <translation>지수 함수 eˣ.</translation>
    </message>
    <message>
        <source>Natural logarithm ln x.</source>
        <translation>자연로그 ln x.</translation>
    </message>
    <message>
        <source>Sine.</source>
        <translation>사인.</translation>
    </message>
    <message>
        <source>Cosine.</source>
        <translation>코사인.</translation>
    </message>
    <message>
        <source>Absolute value (gradient 0 at 0, like PyTorch).</source>
        <translation>절댓값 (0에서 기울기 0, PyTorch와 같음).</translation>
    </message>
    <message>
        <source>Square root (gradient +inf at 0, like PyTorch).</source>
        <translation>제곱근 (0에서 기울기 +inf, PyTorch와 같음).</translation>
    </message>
    <message>
        <source>Square x² (torch records it as pow(x, 2)).</source>
        <translation>제곱 x² (torch는 pow(x, 2)로 기록).</translation>
    </message>
    <message>
        <source>Limit values to [min, max] (boundaries pass the gradient, like PyTorch).</source>
        <translation>값을 [min, max]로 제한 (경계값은 기울기를 통과시킴, PyTorch와 같음).</translation>
    </message>
    <message>
        <source>Round (ties to even); gradient 0.</source>
        <translation>반올림 (동률은 짝수로); 기울기 0.</translation>
    </message>
    <message>
        <source>Pick x where condition holds, else y.</source>
        <translation>조건이 참인 곳은 x, 아니면 y를 고름.</translation>
    </message>
    <message>
        <source>Hyperbolic tangent.</source>
        <translation>쌍곡탄젠트.</translation>
    </message>
    <message>
        <source>Logistic sigmoid 1/(1+e⁻ˣ).</source>
        <translation>로지스틱 시그모이드 1/(1+e⁻ˣ).</translation>
    </message>
    <message>
        <source>max(x, 0) (gradient 0 at 0, like PyTorch).</source>
        <translation>max(x, 0) (0에서 기울기 0, PyTorch와 같음).</translation>
    </message>
    <message>
        <source>exp(x) / Σ exp(x) along dim.</source>
        <translation>dim 방향으로 exp(x) / Σ exp(x).</translation>
    </message>
    <message>
        <source>log(softmax(x)) along dim, computed stably.</source>
        <translation>dim 방향으로 log(softmax(x)), 수치적으로 안정하게 계산.</translation>
    </message>
    <message>
        <source>Normalise each channel by the batch&apos;s (training) or the running (eval) mean and variance, then scale and shift.</source>
        <translation>각 채널을 배치의 평균과 분산(학습 중) 또는 누적 평균과 분산(평가 중)으로 정규화한 뒤 크기를 조정하고 이동합니다.</translation>
    </message>
    <message>
        <source>Sum of all elements, or along dim.</source>
        <translation>모든 원소의 합, 또는 dim 방향의 합.</translation>
    </message>
    <message>
        <source>Mean of all elements, or along dim.</source>
        <translation>모든 원소의 평균, 또는 dim 방향의 평균.</translation>
    </message>
    <message>
        <source>Maximum (ties share the gradient); along dim returns (values, indices).</source>
        <translation>최댓값 (같은 값끼리 기울기를 나눔); dim을 주면 (values, indices)를 반환.</translation>
    </message>
    <message>
        <source>Minimum (ties share the gradient); along dim returns (values, indices).</source>
        <translation>최솟값 (같은 값끼리 기울기를 나눔); dim을 주면 (values, indices)를 반환.</translation>
    </message>
    <message>
        <source>Vector p-norm (p = 2 unless given).</source>
        <translation>벡터 p-노름 (지정하지 않으면 p = 2).</translation>
    </message>
    <message>
        <source>Maximum over sliding 2-D windows (the first maximum of a window gets the gradient).</source>
        <translation>움직이는 2차원 창마다의 최댓값 (창에서 처음 나온 최댓값이 기울기를 받음).</translation>
    </message>
    <message>
        <source>Average over sliding 2-D windows.</source>
        <translation>움직이는 2차원 창마다의 평균.</translation>
    </message>
    <message>
        <source>Average pooling to a fixed output size (H_out, W_out).</source>
        <translation>정해진 출력 크기 (H_out, W_out)로 평균 풀링.</translation>
    </message>
    <message>
        <source>Same elements in a new shape (-1 infers a size).</source>
        <translation>같은 원소를 새 모양으로 (-1은 크기를 추론).</translation>
    </message>
    <message>
        <source>A view of the same elements in a new shape.</source>
        <translation>같은 원소를 새 모양으로 보는 뷰(view).</translation>
    </message>
    <message>
        <source>Swap two dimensions.</source>
        <translation>두 차원을 맞바꿈.</translation>
    </message>
    <message>
        <source>Transpose of a matrix (≤ 2-D).</source>
        <translation>행렬의 전치 (2차원 이하).</translation>
    </message>
    <message>
        <source>Reorder dimensions (x.T reverses them all).</source>
        <translation>차원 순서를 바꿈 (x.T는 모든 차원을 뒤집음).</translation>
    </message>
    <message>
        <source>Insert a dimension of size 1.</source>
        <translation>크기 1인 차원을 추가.</translation>
    </message>
    <message>
        <source>Remove dimensions of size 1.</source>
        <translation>크기 1인 차원을 제거.</translation>
    </message>
    <message>
        <source>Matrix product x @ y (dot, mv, mm or batched, as torch.matmul).</source>
        <translation>행렬 곱 x @ y (torch.matmul처럼 dot, mv, mm 또는 배치).</translation>
    </message>
    <message>
        <source>Matrix product of two 2-D tensors.</source>
        <translation>두 2차원 텐서의 행렬 곱.</translation>
    </message>
    <message>
        <source>Dot product of two 1-D tensors.</source>
        <translation>두 1차원 텐서의 내적.</translation>
    </message>
    <message>
        <source>x @ Wᵀ + b (weight (out, in), bias (out,) optional).</source>
        <translation>x @ Wᵀ + b (weight (out, in), bias (out,)는 선택).</translation>
    </message>
    <message>
        <source>2-D convolution (cross-correlation) of (N, C, H, W) input with (O, C/groups, kH, kW) weight, plus bias.</source>
        <translation>(N, C, H, W) 입력과 (O, C/groups, kH, kW) 가중치의 2차원 합성곱(상호상관)에 편향을 더함.</translation>
    </message>
    <message>
        <source>mean((input − target)²).</source>
        <translation>mean((input − target)²).</translation>
    </message>
    <message>
        <source>Cross-entropy of logits (classes along dim 1) against class indices.</source>
        <translation>로짓(클래스는 dim 1)과 클래스 인덱스 사이의 교차 엔트로피.</translation>
    </message>
    <message>
        <source>Binary cross-entropy of probabilities.</source>
        <translation>확률의 이진 교차 엔트로피.</translation>
    </message>
    <message>
        <source>Binary cross-entropy of logits.</source>
        <translation>로짓의 이진 교차 엔트로피.</translation>
    </message>
</context>
<context>
    <name>python</name>
    <message>
        <source>Python cannot read this line: look for a missing operator, comma or bracket</source>
        <translation>파이썬이 이 줄을 읽을 수 없습니다: 빠진 연산자, 쉼표, 괄호가 있는지 보세요</translation>
    </message>
    <message>
        <source>Python cannot read this line: a comma may be missing</source>
        <translation>파이썬이 이 줄을 읽을 수 없습니다: 쉼표가 빠진 것 같습니다</translation>
    </message>
    <message>
        <source>the bracket &apos;{bracket}&apos; has no closing partner</source>
        <translation>여는 괄호 &apos;{bracket}&apos;을(를) 닫는 괄호가 없습니다</translation>
    </message>
    <message>
        <source>the closing &apos;{bracket}&apos; has no opening partner</source>
        <translation>닫는 괄호 &apos;{bracket}&apos;에 맞는 여는 괄호가 없습니다</translation>
    </message>
    <message>
        <source>the closing &apos;{close}&apos; does not match the opening &apos;{open}&apos;</source>
        <translation>닫는 괄호 &apos;{close}&apos;이(가) 여는 괄호 &apos;{open}&apos;과(와) 맞지 않습니다</translation>
    </message>
    <message>
        <source>the line starts with spaces: lines of a script start at the left edge</source>
        <translation>줄이 공백으로 시작합니다: 스크립트의 각 줄은 맨 왼쪽에서 시작해야 합니다</translation>
    </message>
    <message>
        <source>a quote is not closed</source>
        <translation>따옴표가 닫히지 않았습니다</translation>
    </message>
    <message>
        <source>a number runs into letters, e.g. 2x: write 2 * x</source>
        <translation>숫자 바로 뒤에 문자가 붙어 있습니다 (예: 2x). 2 * x처럼 쓰세요</translation>
    </message>
    <message>
        <source>a number runs into letters</source>
        <translation>숫자 바로 뒤에 문자가 붙어 있습니다</translation>
    </message>
    <message>
        <source>a &apos;:&apos; is missing</source>
        <translation>&apos;:&apos;가 빠졌습니다</translation>
    </message>
    <message>
        <source>only a plain name can stand left of =</source>
        <translation>= 왼쪽에는 이름 하나만 올 수 있습니다</translation>
    </message>
</context>
<context>
    <name>pytorch</name>
    <message>
        <source>sizes {a} and {b} do not broadcast in dimension {dim}: they must be equal or one of them 1</source>
        <translation>{dim}번 차원의 크기 {a}와(과) {b}은(는) 브로드캐스트되지 않습니다: 두 크기가 같거나 한쪽이 1이어야 합니다</translation>
    </message>
    <message>
        <source>a matrix product needs the inner sizes to agree: {a} times {b} does not</source>
        <translation>행렬 곱은 안쪽 크기가 같아야 합니다: {a}와(과) {b}은(는) 곱할 수 없습니다</translation>
    </message>
    <message>
        <source>the matrix {mat} cannot multiply a vector of {vec} elements</source>
        <translation>{mat} 행렬은 원소가 {vec}개인 벡터와 곱할 수 없습니다</translation>
    </message>
    <message>
        <source>{size} elements cannot be arranged in the shape {shape}</source>
        <translation>원소 {size}개는 모양 {shape}(으)로 바꿀 수 없습니다</translation>
    </message>
    <message>
        <source>backward from a tensor with several elements needs a gradient of its shape: Q.backward(gradient=...)</source>
        <translation>원소가 여러 개인 텐서에서 역전파하려면 같은 모양의 기울기가 필요합니다: Q.backward(gradient=...)</translation>
    </message>
    <message>
        <source>nothing in this graph requires grad, so there is no backward graph to run</source>
        <translation>이 그래프에는 기울기가 필요한(requires_grad) 텐서가 없어서 실행할 역전파 그래프가 없습니다</translation>
    </message>
    <message>
        <source>the external gradient must have the root&apos;s shape</source>
        <translation>외부 기울기는 뿌리와 모양이 같아야 합니다</translation>
    </message>
    <message>
        <source>class index {t} does not exist: the logits have fewer classes</source>
        <translation>클래스 번호 {t}은(는) 없습니다: 로짓의 클래스 수가 더 적습니다</translation>
    </message>
    <message>
        <source>class labels must be whole numbers (int64), not {dtype}</source>
        <translation>클래스 레이블은 정수(int64)여야 합니다 ({dtype}은(는) 안 됩니다)</translation>
    </message>
    <message>
        <source>there are {a} rows of logits but {b} labels</source>
        <translation>로짓은 {a}행인데 레이블은 {b}개입니다</translation>
    </message>
</context>
<context>
    <name>ui</name>
    <message>
        <source>scalar</source>
        <translation>스칼라</translation>
    </message>
    <message>
        <source>Start-up</source>
        <translation>시작</translation>
    </message>
    <message>
        <source>Started with an empty graph because the file could not be opened</source>
        <translation>파일을 열 수 없어 빈 그래프로 시작했습니다</translation>
    </message>
    <message>
        <source>The seed example (resources/examples/seed.json) is missing</source>
        <translation>기본 예제(resources/examples/seed.json)가 없습니다</translation>
    </message>
    <message>
        <source>Lecture mode is not available in this build</source>
        <translation>이 빌드에서는 강의 모드를 쓸 수 없습니다</translation>
    </message>
    <message>
        <source>Unexpected error ({kind}): {error} — the app keeps running; details were printed to the console</source>
        <translation>예기치 않은 오류 ({kind}): {error} — 프로그램은 계속 실행됩니다. 자세한 내용은 콘솔에 출력했습니다</translation>
    </message>
    <message>
        <source>Unexpected error: {error}</source>
        <translation>예기치 않은 오류: {error}</translation>
    </message>
    <message>
        <source>{name} could not be loaded: {error}</source>
        <translation>{name}을(를) 불러올 수 없습니다: {error}</translation>
    </message>
    <message>
        <source>root {name} {shape}: backward starts here</source>
        <translation>뿌리 {name} {shape}: 역전파가 여기서 시작됩니다</translation>
    </message>
    <message>
        <source>leaf tensor {name} {shape}</source>
        <translation>잎 텐서 {name} {shape}</translation>
    </message>
    <message>
        <source>requires_grad</source>
        <translation>requires_grad</translation>
    </message>
    <message>
        <source>requires_grad for every parameter in this group, like model.requires_grad_(False)</source>
        <translation>이 그룹의 모든 매개변수의 requires_grad (model.requires_grad_(False)와 같음)</translation>
    </message>
    <message>
        <source>unfinished: wire the open input, or click its grey label to type a value</source>
        <translation>미완성: 비어 있는 입력을 연결하거나, 회색 이름표를 눌러 값을 입력하세요</translation>
    </message>
    <message>
        <source>value</source>
        <translation>값</translation>
    </message>
    <message>
        <source>waiting for inputs</source>
        <translation>입력을 기다리는 중</translation>
    </message>
    <message>
        <source>not computed</source>
        <translation>계산되지 않음</translation>
    </message>
    <message>
        <source>not run yet</source>
        <translation>아직 실행 전</translation>
    </message>
    <message>
        <source>{name}: input {n} of {op}</source>
        <translation>{name}: {op}의 입력 {n}</translation>
    </message>
    <message>
        <source>not connected: drag a wire here, or click the grey label to type a value</source>
        <translation>연결 안 됨: 여기로 선을 끌어 오거나, 회색 이름표를 눌러 값을 입력하세요</translation>
    </message>
    <message>
        <source>from &apos;{name}&apos;: {shape} · {dtype}</source>
        <translation>&apos;{name}&apos;에서: {shape} · {dtype}</translation>
    </message>
    <message>
        <source>.grad accumulated over {n} backward passes: {old} + {new} = {total}</source>
        <translation>.grad에 backward {n}번이 누적됨: {old} + {new} = {total}</translation>
    </message>
    <message>
        <source>not computed: &apos;{name}&apos; failed</source>
        <translation>계산되지 않음: &apos;{name}&apos;에서 실패</translation>
    </message>
    <message>
        <source>from &apos;{name}&apos; (not run yet)</source>
        <translation>&apos;{name}&apos;에서 (아직 실행 안 함)</translation>
    </message>
    <message>
        <source>error: {error}</source>
        <translation>오류: {error}</translation>
    </message>
    <message>
        <source>Expand</source>
        <translation>펼치기</translation>
    </message>
    <message>
        <source>Expand all inside</source>
        <translation>안쪽 모두 펼치기</translation>
    </message>
    <message>
        <source>Collapse</source>
        <translation>접기</translation>
    </message>
    <message>
        <source>Freeze / unfreeze (requires_grad_)</source>
        <translation>고정 / 고정 해제 (requires_grad_)</translation>
    </message>
    <message>
        <source>Double-click to expand this module</source>
        <translation>두 번 클릭하면 이 모듈을 펼칩니다</translation>
    </message>
    <message>
        <source>leaf</source>
        <translation>잎</translation>
    </message>
    <message>
        <source>const</source>
        <translation>상수</translation>
    </message>
    <message>
        <source>root</source>
        <translation>뿌리</translation>
    </message>
    <message>
        <source>the name was refused</source>
        <translation>이름이 거부되었습니다</translation>
    </message>
    <message>
        <source>the value was refused</source>
        <translation>값이 거부되었습니다</translation>
    </message>
    <message>
        <source>nothing to paste: copy nodes (Ctrl+C) or a script first</source>
        <translation>붙여 넣을 것이 없습니다: 먼저 노드(Ctrl+C)나 스크립트를 복사하세요</translation>
    </message>
    <message>
        <source>select the nodes to group first</source>
        <translation>먼저 묶을 노드를 선택하세요</translation>
    </message>
    <message>
        <source>cannot insert the expression: {error}</source>
        <translation>식을 넣을 수 없습니다: {error}</translation>
    </message>
    <message>
        <source>cannot paste: {error}</source>
        <translation>붙여 넣을 수 없습니다: {error}</translation>
    </message>
    <message>
        <source>cannot paste the text as a graph: {error}</source>
        <translation>텍스트를 그래프로 붙여 넣을 수 없습니다: {error}</translation>
    </message>
    <message>
        <source>Leaf tensor  —  requires_grad=True</source>
        <translation>잎 텐서  —  requires_grad=True</translation>
    </message>
    <message>
        <source>Constant  —  a fixed number</source>
        <translation>상수  —  고정된 수</translation>
    </message>
    <message>
        <source>Add node: search (mul, exp, leaf…) or type an expression (3*a**3 - b**2)</source>
        <translation>노드 추가: 검색 (mul, exp, leaf(잎)…) 또는 식 입력 (3*a**3 - b**2)</translation>
    </message>
    <message>
        <source>Adds the nodes of this expression; names of existing nodes connect to them, new names become leaf tensors, numbers become values on the ports</source>
        <translation>이 식의 노드를 추가합니다. 이미 있는 노드의 이름은 그 노드에 연결되고, 새 이름은 잎 텐서가 되며, 숫자는 포트의 값이 됩니다</translation>
    </message>
    <message>
        <source>Insert expression:  {text}</source>
        <translation>식 넣기:  {text}</translation>
    </message>
    <message>
        <source>No match for “{text}”. Did you mean:</source>
        <translation>“{text}”와(과) 맞는 항목이 없습니다. 혹시 이것인가요:</translation>
    </message>
    <message>
        <source>No match for “{text}”</source>
        <translation>“{text}”와(과) 맞는 항목이 없습니다</translation>
    </message>
    <message>
        <source>the graph</source>
        <translation>그래프</translation>
    </message>
    <message>
        <source>Selection (1 node)</source>
        <translation>선택 항목 (노드 1개)</translation>
    </message>
    <message>
        <source>1 selected node</source>
        <translation>선택한 노드 1개</translation>
    </message>
    <message>
        <source>The file name must end in .png, .svg or .pdf.</source>
        <translation>파일 이름은 .png, .svg 또는 .pdf로 끝나야 합니다.</translation>
    </message>
    <message>
        <source>Copied an image of {what} ({width}×{height} px)</source>
        <translation>{what}의 이미지를 복사했습니다 ({width}×{height} px)</translation>
    </message>
    <message>
        <source>Selection ({count} nodes)</source>
        <translation>선택 항목 (노드 {count}개)</translation>
    </message>
    <message>
        <source>{count} selected nodes</source>
        <translation>선택한 노드 {count}개</translation>
    </message>
    <message>
        <source>The folder {folder} does not exist.</source>
        <translation>폴더 {folder}이(가) 없습니다.</translation>
    </message>
    <message>
        <source>Export failed: {error}</source>
        <translation>내보내기 실패: {error}</translation>
    </message>
    <message>
        <source>Exported {path}</source>
        <translation>내보냈습니다: {path}</translation>
    </message>
    <message>
        <source>Copy image: {error}</source>
        <translation>이미지 복사: {error}</translation>
    </message>
    <message>
        <source>the tangent you chose</source>
        <translation>고른 접선(tangent)</translation>
    </message>
    <message>
        <source>a constant</source>
        <translation>상수</translation>
    </message>
    <message>
        <source>no tangent was put on it</source>
        <translation>접선을 두지 않음</translation>
    </message>
    <message>
        <source>no input carries a tangent</source>
        <translation>접선을 지닌 입력이 없음</translation>
    </message>
    <message>
        <source>the inputs&apos; shares are summed</source>
        <translation>입력별 몫을 더함</translation>
    </message>
    <message>
        <source>the gradient passed to backward</source>
        <translation>backward에 넘긴 기울기</translation>
    </message>
    <message>
        <source>implicit gradient of a scalar root</source>
        <translation>스칼라 뿌리의 암묵적 기울기</translation>
    </message>
    <message>
        <source>forward mode</source>
        <translation>순방향 모드</translation>
    </message>
    <message>
        <source>reverse mode</source>
        <translation>역방향 모드</translation>
    </message>
    <message>
        <source>Forward mode (JVP)</source>
        <translation>순방향 모드 (JVP)</translation>
    </message>
    <message>
        <source>Step the forward pass with a tangent t beside the values: each node shows J·t; at the end ⟨v, J·t⟩ = ⟨Jᵀv, t⟩ with reverse mode</source>
        <translation>값 옆에 접선 t를 두고 순전파를 단계별로 진행합니다: 각 노드에 J·t가 보이고, 끝에서 역방향 모드와 ⟨v, J·t⟩ = ⟨Jᵀv, t⟩를 확인합니다</translation>
    </message>
    <message>
        <source>tangent on</source>
        <translation>접선 위치</translation>
    </message>
    <message>
        <source>The tangent&apos;s values: a list such as [1., 0.], or one number for every element</source>
        <translation>접선의 값: [1., 0.] 같은 리스트, 또는 모든 원소에 쓸 숫자 하나</translation>
    </message>
    <message>
        <source>⟨v, J·t⟩ = {forward} = ⟨Jᵀv, t⟩ = {reverse}: forward and reverse mode agree</source>
        <translation>⟨v, J·t⟩ = {forward} = ⟨Jᵀv, t⟩ = {reverse}: 순방향 모드와 역방향 모드가 일치합니다</translation>
    </message>
    <message>
        <source>⟨v, J·t⟩ = {forward} ≠ ⟨Jᵀv, t⟩ = {reverse}: forward and reverse mode disagree</source>
        <translation>⟨v, J·t⟩ = {forward} ≠ ⟨Jᵀv, t⟩ = {reverse}: 순방향 모드와 역방향 모드가 다릅니다</translation>
    </message>
    <message>
        <source>Forward mode meets reverse mode:</source>
        <translation>순방향 모드와 역방향 모드의 만남:</translation>
    </message>
    <message>
        <source>Forward mode (JVP), tangent on {name}:</source>
        <translation>순방향 모드 (JVP), 잎 {name}에 접선:</translation>
    </message>
    <message>
        <source>no leaf requires grad: nothing to put a tangent on</source>
        <translation>requires_grad인 잎이 없습니다: 접선을 둘 곳이 없습니다</translation>
    </message>
    <message>
        <source>graph ({n} nodes)</source>
        <translation>그래프 (노드 {n}개)</translation>
    </message>
    <message>
        <source>the same graph</source>
        <translation>같은 그래프</translation>
    </message>
    <message>
        <source>script</source>
        <translation>스크립트</translation>
    </message>
    <message>
        <source>graph changes ({n} nodes)</source>
        <translation>그래프 변경 (노드 {n}개)</translation>
    </message>
    <message>
        <source>example &apos;{name}&apos;</source>
        <translation>예제 &apos;{name}&apos;</translation>
    </message>
    <message>
        <source>all</source>
        <translation>전체</translation>
    </message>
    <message>
        <source>last forward step</source>
        <translation>순전파 마지막 단계</translation>
    </message>
    <message>
        <source>last backward step</source>
        <translation>역전파 마지막 단계</translation>
    </message>
    <message>
        <source>forward step {n}</source>
        <translation>순전파 {n}단계</translation>
    </message>
    <message>
        <source>backward step {n}</source>
        <translation>역전파 {n}단계</translation>
    </message>
    <message>
        <source>highlight {nodes}</source>
        <translation>강조 {nodes}</translation>
    </message>
    <message>
        <source>zoom {nodes}</source>
        <translation>확대 {nodes}</translation>
    </message>
    <message>
        <source>step-through: {error}</source>
        <translation>단계별 실행: {error}</translation>
    </message>
    <message>
        <source>Your changes will be lost if you don&apos;t save them.</source>
        <translation>저장하지 않으면 변경 사항이 사라집니다.</translation>
    </message>
    <message>
        <source>Save changes to “{name}” before closing it?</source>
        <translation>닫기 전에 “{name}”의 변경 사항을 저장할까요?</translation>
    </message>
    <message>
        <source>untitled</source>
        <translation>제목 없음</translation>
    </message>
    <message>
        <source>Still loading…</source>
        <translation>아직 불러오는 중…</translation>
    </message>
    <message>
        <source>{nodes} nodes · {edges} edges · root: {root}</source>
        <translation>노드 {nodes}개 · 간선 {edges}개 · 뿌리: {root}</translation>
    </message>
    <message>
        <source>Older undo steps were dropped to keep the undo history under {size} MB</source>
        <translation>실행 취소 기록을 {size} MB 이하로 유지하려고 오래된 실행 취소 단계를 버렸습니다</translation>
    </message>
    <message>
        <source>Edited — Apply (Ctrl+Return) to build the graph</source>
        <translation>수정됨 — 적용(Ctrl+Return)하면 그래프를 만듭니다</translation>
    </message>
    <message>
        <source>line {line}, column {col}: </source>
        <translation>{line}행 {col}열: </translation>
    </message>
    <message>
        <source>leaves</source>
        <translation>잎 텐서</translation>
    </message>
    <message>
        <source>constants</source>
        <translation>상수</translation>
    </message>
    <message>
        <source>ops</source>
        <translation>연산</translation>
    </message>
    <message>
        <source>Click to freeze/unfreeze this leaf</source>
        <translation>클릭하여 이 잎 텐서를 고정/해제합니다</translation>
    </message>
    <message>
        <source>Follows from the inputs (True if any input requires grad)</source>
        <translation>입력에서 정해집니다 (입력 중 하나라도 기울기가 필요하면 True)</translation>
    </message>
    <message>
        <source>value — not computed (run Forward)</source>
        <translation>값 — 계산되지 않음 (순전파를 실행하세요)</translation>
    </message>
    <message>
        <source>Nothing selected</source>
        <translation>선택된 항목 없음</translation>
    </message>
    <message>
        <source>Select one node to inspect it.</source>
        <translation>살펴볼 노드를 하나만 선택하세요.</translation>
    </message>
    <message>
        <source>Select a node on the canvas to see its value, .grad and grad_fn.</source>
        <translation>캔버스에서 노드를 선택하면 값, .grad, grad_fn이 표시됩니다.</translation>
    </message>
    <message>
        <source>none — select a node and use it as the backward root</source>
        <translation>없음 — 노드를 선택하고 역전파 뿌리로 사용하세요</translation>
    </message>
    <message>
        <source>no leaf requires grad</source>
        <translation>기울기가 필요한 잎 텐서가 없습니다</translation>
    </message>
    <message>
        <source>(run Backward)</source>
        <translation>(역전파를 실행하세요)</translation>
    </message>
    <message>
        <source>(requires_grad=False: frozen, outside the backward graph)</source>
        <translation>(requires_grad=False: 고정됨, 역전파 그래프 밖)</translation>
    </message>
    <message>
        <source>(non-leaf tensor: .grad is not kept unless retain_grad())</source>
        <translation>(잎이 아닌 텐서: retain_grad()를 하지 않으면 .grad가 보관되지 않음)</translation>
    </message>
    <message>
        <source>  ·  backward root</source>
        <translation>  ·  역전파 뿌리</translation>
    </message>
    <message>
        <source>value (computed)</source>
        <translation>값 (계산됨)</translation>
    </message>
    <message>
        <source>(external: backward(gradient=…))</source>
        <translation>(외부: backward(gradient=…))</translation>
    </message>
    <message>
        <source>missing: the root is not a scalar, backward needs one</source>
        <translation>없음: 뿌리가 스칼라가 아니므로 backward에 기울기를 주어야 합니다</translation>
    </message>
    <message>
        <source>Unfinished: {error}. Wire the input, or click its grey label on the card to type a value.</source>
        <translation>미완성: {error}. 입력을 연결하거나, 카드의 회색 이름표를 눌러 값을 입력하세요.</translation>
    </message>
    <message>
        <source>{count} nodes selected</source>
        <translation>노드 {count}개 선택됨</translation>
    </message>
    <message>
        <source>(implicit: scalar root)</source>
        <translation>(암묵적: 스칼라 뿌리)</translation>
    </message>
    <message>
        <source>value of &apos;{name}&apos;: {error}</source>
        <translation>&apos;{name}&apos;의 값: {error}</translation>
    </message>
    <message>
        <source>tensors</source>
        <translation>텐서</translation>
    </message>
    <message>
        <source>A program&apos;s print output appears here (Code dock: import torch ..., then Apply)</source>
        <translation>프로그램의 print 출력이 여기에 나타납니다 (코드 패널: import torch ... 후 적용)</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>중지</translation>
    </message>
    <message>
        <source>Cancel the running program</source>
        <translation>실행 중인 프로그램 취소</translation>
    </message>
    <message>
        <source>The passes of the loop this line is in</source>
        <translation>이 줄이 속한 반복문의 회차</translation>
    </message>
    <message>
        <source>Edit this graph</source>
        <translation>이 그래프 편집</translation>
    </message>
    <message>
        <source>Make the graph alive at this statement an ordinary, editable graph (undoable)</source>
        <translation>이 문장 시점에 살아 있는 그래프를 일반 편집 가능 그래프로 만들기 (실행 취소 가능)</translation>
    </message>
    <message>
        <source>While stepping: the program&apos;s names and their values at this statement</source>
        <translation>단계 실행 중: 이 문장에서 프로그램의 이름과 값</translation>
    </message>
    <message>
        <source>Running…</source>
        <translation>실행 중…</translation>
    </message>
    <message>
        <source>line {line}: {message}</source>
        <translation>{line}번째 줄: {message}</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>중지됨</translation>
    </message>
    <message>
        <source>Ended with an error</source>
        <translation>오류로 종료됨</translation>
    </message>
    <message>
        <source>Done: {count} statements</source>
        <translation>완료: 문장 {count}개</translation>
    </message>
    <message>
        <source>pass {k} of {n}</source>
        <translation>{k}/{n}회차</translation>
    </message>
    <message>
        <source>Build</source>
        <translation>만들기</translation>
    </message>
    <message>
        <source>This is the tutorial&apos;s Q = 3a³ − b². Add to it: click the canvas, press Tab, type &lt;b&gt;R = Q * a&lt;/b&gt; and press Enter. An expression adds its whole sub-graph.</source>
        <translation>튜토리얼의 Q = 3a³ − b²입니다. 여기에 더해 보세요: 캔버스를 누르고 Tab을 누른 뒤 &lt;b&gt;R = Q * a&lt;/b&gt;를 입력하고 Enter를 누르세요. 식 하나가 하위 그래프 전체를 추가합니다.</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>실행</translation>
    </message>
    <message>
        <source>Press &lt;b&gt;F5&lt;/b&gt; (Backward). The leaves get their &lt;code&gt;.grad&lt;/code&gt;, as &lt;code&gt;Q.backward(gradient=…)&lt;/code&gt; fills them in PyTorch.</source>
        <translation>&lt;b&gt;F5&lt;/b&gt;(역전파)를 누르세요. PyTorch에서 &lt;code&gt;Q.backward(gradient=…)&lt;/code&gt;가 하듯이 잎 텐서에 &lt;code&gt;.grad&lt;/code&gt;가 채워집니다.</translation>
    </message>
    <message>
        <source>Freeze</source>
        <translation>고정</translation>
    </message>
    <message>
        <source>Click the green &lt;b&gt;requires_grad&lt;/b&gt; switch on leaf &lt;b&gt;b&lt;/b&gt;: every branch that no longer needs a gradient turns grey, &lt;code&gt;grad_fn=None&lt;/code&gt;.</source>
        <translation>잎 &lt;b&gt;b&lt;/b&gt;의 초록색 &lt;b&gt;requires_grad&lt;/b&gt; 스위치를 누르세요: 더 이상 기울기가 필요 없는 가지가 모두 회색이 되고 &lt;code&gt;grad_fn=None&lt;/code&gt;이 됩니다.</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>단계</translation>
    </message>
    <message>
        <source>Press &lt;b&gt;Shift+→&lt;/b&gt; to walk the forward and backward pass one node at a time, with the chain rule in numbers below.</source>
        <translation>&lt;b&gt;Shift+→&lt;/b&gt;를 누르면 순전파와 역전파를 노드 하나씩 따라가며, 아래에 연쇄 법칙이 숫자와 함께 나옵니다.</translation>
    </message>
    <message>
        <source>Skip tour</source>
        <translation>둘러보기 건너뛰기</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>다음</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>완료</translation>
    </message>
    <message>
        <source>Getting started</source>
        <translation>시작하기</translation>
    </message>
    <message>
        <source>Trained {steps} steps: loss {first} → {last} (one undo step)</source>
        <translation>{steps}단계 학습: 손실 {first} → {last} (실행 취소 한 단계)</translation>
    </message>
    <message>
        <source>auto</source>
        <translation>자동</translation>
    </message>
    <message>
        <source>tangent</source>
        <translation>접선</translation>
    </message>
    <message>
        <source>current value</source>
        <translation>현재 값</translation>
    </message>
    <message>
        <source>  (root)</source>
        <translation>  (뿌리)</translation>
    </message>
    <message>
        <source>  (frozen)</source>
        <translation>  (고정됨)</translation>
    </message>
    <message>
        <source>{y} as {x} varies</source>
        <translation>{x}에 따른 {y}</translation>
    </message>
    <message>
        <source>{y} does not depend on {x}: the curve is flat (PyTorch&apos;s .grad would be None)</source>
        <translation>{y}는 {x}에 의존하지 않습니다: 곡선이 평평합니다 (PyTorch의 .grad는 None)</translation>
    </message>
    <message>
        <source>curve: vectorized except {ops} (evaluated once per point)</source>
        <translation>곡선: {ops}을(를) 제외하고 벡터화 (점마다 한 번씩 계산)</translation>
    </message>
    <message>
        <source>could not compute the curve: {kind}: {error}</source>
        <translation>곡선을 계산할 수 없습니다: {kind}: {error}</translation>
    </message>
    <message>
        <source>at {x} = {x0}:</source>
        <translation>{x} = {x0}에서:</translation>
    </message>
    <message>
        <source>slope from backward = {slope}</source>
        <translation>역전파로 구한 기울기 = {slope}</translation>
    </message>
    <message>
        <source>finite difference = {fd}</source>
        <translation>유한 차분 = {fd}</translation>
    </message>
    <message>
        <source>they differ</source>
        <translation>서로 다릅니다</translation>
    </message>
    <message>
        <source>{x} is frozen: backward leaves its .grad at None; the slope is what it would be with requires_grad=True</source>
        <translation>{x}는 고정되어 있습니다: 역전파 후에도 .grad는 None이며, 기울기는 requires_grad=True일 때의 값입니다</translation>
    </message>
    <message>
        <source>curve: one vectorized pass ({ops} op × {points} points)</source>
        <translation>곡선: 벡터화된 한 번의 계산 (연산 {ops}개 × 점 {points}개)</translation>
    </message>
    <message>
        <source>curve: one vectorized pass ({ops} ops × {points} points)</source>
        <translation>곡선: 벡터화된 한 번의 계산 (연산 {ops}개 × 점 {points}개)</translation>
    </message>
    <message>
        <source>select a node to plot its value and gradient</source>
        <translation>노드를 선택하면 값과 기울기를 그립니다</translation>
    </message>
    <message>
        <source>run forward/backward to see values and gradients</source>
        <translation>순전파/역전파를 실행하면 값과 기울기가 보입니다</translation>
    </message>
    <message>
        <source>row</source>
        <translation>행</translation>
    </message>
    <message>
        <source>column</source>
        <translation>열</translation>
    </message>
    <message>
        <source>{count} entries</source>
        <translation>원소 {count}개</translation>
    </message>
    <message>
        <source>index</source>
        <translation>인덱스</translation>
    </message>
    <message>
        <source>gradient</source>
        <translation>기울기</translation>
    </message>
    <message>
        <source>gradient reaching {name}</source>
        <translation>{name}에 도달한 기울기</translation>
    </message>
    <message>
        <source>{name}.grad is None (not a leaf): this is the gradient backward passed through it</source>
        <translation>{name}.grad는 None입니다(잎 노드가 아님). 이것은 역전파가 이 노드를 지나며 전달한 기울기입니다</translation>
    </message>
    <message>
        <source>run backward to see the gradient</source>
        <translation>역전파를 실행하면 기울기가 보입니다</translation>
    </message>
    <message>
        <source>{name} is frozen (requires_grad=False): .grad is None</source>
        <translation>{name}은(는) 고정되어 있습니다(requires_grad=False): .grad는 None입니다</translation>
    </message>
    <message>
        <source>no gradient reaches {name}</source>
        <translation>{name}에 도달하는 기울기가 없습니다</translation>
    </message>
    <message>
        <source>momentum </source>
        <translation>모멘텀 </translation>
    </message>
    <message>
        <source> steps</source>
        <translation>단계</translation>
    </message>
    <message>
        <source>%v / %m steps</source>
        <translation>%v / %m 단계</translation>
    </message>
    <message>
        <source>Each step: optimizer.zero_grad(), loss.backward(), optimizer.step(). The grads are zeroed first because backward adds into .grad.</source>
        <translation>각 단계: optimizer.zero_grad(), loss.backward(), optimizer.step(). backward는 기울기를 .grad에 더하므로 먼저 기울기를 0으로 만듭니다.</translation>
    </message>
    <message>
        <source>training…</source>
        <translation>학습 중…</translation>
    </message>
    <message>
        <source>done</source>
        <translation>완료</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>중지됨</translation>
    </message>
    <message>
        <source>the graph changed while training: stopped, nothing applied</source>
        <translation>학습 중에 그래프가 바뀌었습니다: 중지했고 아무것도 적용하지 않았습니다</translation>
    </message>
    <message>
        <source>(not applied)</source>
        <translation>(적용되지 않음)</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>손실</translation>
    </message>
    <message>
        <source>step</source>
        <translation>단계</translation>
    </message>
    <message>
        <source>parameters: change since start</source>
        <translation>매개변수: 시작 이후 변화량</translation>
    </message>
    <message>
        <source>value − start value</source>
        <translation>값 − 시작 값</translation>
    </message>
    <message>
        <source>training failed: {error}</source>
        <translation>학습 실패: {error}</translation>
    </message>
    <message>
        <source>loss {first} → {last}</source>
        <translation>손실 {first} → {last}</translation>
    </message>
    <message>
        <source>Train {steps} steps ({how})</source>
        <translation>{steps}단계 학습 ({how})</translation>
    </message>
    <message>
        <source>Train {steps} of {total} steps ({how})</source>
        <translation>{total}단계 중 {steps}단계 학습 ({how})</translation>
    </message>
    <message>
        <source>{steps} steps, loss {first} → {last}</source>
        <translation>{steps}단계, 손실 {first} → {last}</translation>
    </message>
    <message>
        <source>moved (max |Δ|): </source>
        <translation>움직임 (최대 |Δ|): </translation>
    </message>
    <message>
        <source>Cannot train: {error}</source>
        <translation>학습할 수 없습니다: {error}</translation>
    </message>
    <message>
        <source>frozen (flat): {names}</source>
        <translation>고정됨 (평평함): {names}</translation>
    </message>
    <message>
        <source>(first {shown} of {size})</source>
        <translation>({size}개 중 처음 {shown}개)</translation>
    </message>
    <message>
        <source>step {step} / {total} · loss {loss}</source>
        <translation>단계 {step} / {total} · 손실 {loss}</translation>
    </message>
    <message>
        <source>frozen, bit-identical: {names}</source>
        <translation>고정됨, 비트 단위로 동일: {names}</translation>
    </message>
    <message>
        <source>line {line}: inside {call} of {name} — engine step {k} of {n} (F11 next step, Shift+F11 out)</source>
        <translation>{line}번째 줄: {name}의 {call} 안 — 엔진 단계 {k}/{n} (F11 다음 단계, Shift+F11 나가기)</translation>
    </message>
    <message>
        <source>torch.autograd.grad returns these gradients; .grad is left as it was</source>
        <translation>torch.autograd.grad는 이 기울기들을 반환하고 .grad는 그대로 둡니다</translation>
    </message>
    <message>
        <source>.grad already holds a value: this backward adds onto it (old + new)</source>
        <translation>.grad에 이미 값이 있습니다: 이 backward는 그 위에 더합니다 (이전 + 새 값)</translation>
    </message>
    <message>
        <source>Step into backward: {error}</source>
        <translation>backward 안으로 들어가기: {error}</translation>
    </message>
    <message>
        <source>this statement raised: {error}</source>
        <translation>이 문장에서 오류가 났습니다: {error}</translation>
    </message>
    <message>
        <source>{name}._version = {version}: changed in place {version} times so far; a backward that saved {name} earlier fails, as in PyTorch</source>
        <translation>{name}._version = {version}: 지금까지 제자리에서 {version}번 바뀌었습니다. 그 전에 {name}을(를) 저장한 backward는 PyTorch에서처럼 실패합니다</translation>
    </message>
    <message>
        <source>version {version}</source>
        <translation>버전 {version}</translation>
    </message>
    <message>
        <source>never saved (untitled)</source>
        <translation>저장한 적 없음 (제목 없음)</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>복원</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>버리기</translation>
    </message>
    <message>
        <source>Keep for later</source>
        <translation>나중을 위해 보관</translation>
    </message>
    <message>
        <source>Open this copy in the window (unsaved until you save it)</source>
        <translation>이 사본을 창에 엽니다 (저장하기 전까지는 저장되지 않은 상태입니다)</translation>
    </message>
    <message>
        <source>Delete this copy for good</source>
        <translation>이 사본을 영구히 삭제합니다</translation>
    </message>
    <message>
        <source>Leave this copy untouched and offer it again next time</source>
        <translation>이 사본을 그대로 두고 다음에 다시 보여 줍니다</translation>
    </message>
    <message>
        <source>Recover unsaved work</source>
        <translation>저장하지 않은 작업 복구</translation>
    </message>
    <message>
        <source>Autograd Explorer found unsaved work from sessions that ended without saving. Choose what to do with each copy; copies you keep are offered again next time.</source>
        <translation>Autograd Explorer가 저장하지 않고 끝난 세션의 작업을 찾았습니다. 사본마다 할 일을 고르세요. 보관한 사본은 다음에 다시 보여 줍니다.</translation>
    </message>
    <message>
        <source>Close (keep the rest for later)</source>
        <translation>닫기 (나머지는 나중을 위해 보관)</translation>
    </message>
    <message>
        <source>Restored in this window — save to keep it</source>
        <translation>이 창에 복원했습니다 — 유지하려면 저장하세요</translation>
    </message>
    <message>
        <source>Discarded</source>
        <translation>버렸습니다</translation>
    </message>
    <message>
        <source>Kept for next time</source>
        <translation>다음을 위해 보관했습니다</translation>
    </message>
    <message>
        <source>This window holds a restored copy already: keep this one and restore it next time (or with File ▸ Recover Unsaved Work)</source>
        <translation>이 창에는 이미 복원한 사본이 있습니다: 이 사본은 보관했다가 다음에 (또는 파일 ▸ 저장하지 않은 작업 복구로) 복원하세요</translation>
    </message>
    <message>
        <source>What changed: {changes}</source>
        <translation>바뀐 것: {changes}</translation>
    </message>
    <message>
        <source>autosaved {when}</source>
        <translation>{when}에 자동 저장됨</translation>
    </message>
    <message>
        <source>Could not be restored: see the messages</source>
        <translation>복원할 수 없었습니다: 메시지를 보세요</translation>
    </message>
    <message>
        <source>No unsaved work from other sessions to recover</source>
        <translation>다른 세션이 남긴 복구할 작업이 없습니다</translation>
    </message>
    <message>
        <source>Discarded the recovered copy of {title}</source>
        <translation>{title}의 복구본을 폐기했습니다</translation>
    </message>
    <message>
        <source>Restored unsaved changes to {title} — save to keep them</source>
        <translation>{title}의 저장하지 않은 변경 사항을 복원했습니다 — 유지하려면 저장하세요</translation>
    </message>
    <message>
        <source>Autosave failed: {error}</source>
        <translation>자동 저장 실패: {error}</translation>
    </message>
    <message>
        <source>Could not look for recovered work: {error}</source>
        <translation>복구할 작업을 찾을 수 없었습니다: {error}</translation>
    </message>
    <message>
        <source>The recovered copy of {title} is unreadable: {error}</source>
        <translation>{title}의 복구본을 읽을 수 없습니다: {error}</translation>
    </message>
    <message>
        <source>Not autosaved: {error}</source>
        <translation>자동 저장하지 않음: {error}</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>단축키</translation>
    </message>
    <message>
        <source>About Autograd Explorer</source>
        <translation>Autograd Explorer 정보</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>키</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>동작</translation>
    </message>
    <message>
        <source>The engine is a small numpy autograd that matches PyTorch&apos;s semantics.</source>
        <translation>엔진은 PyTorch와 같은 의미론을 따르는 작은 numpy 기반 autograd입니다.</translation>
    </message>
    <message>
        <source>Build expression graphs, run forward and backward, and watch PyTorch-style autograd fill &lt;code&gt;.grad&lt;/code&gt;, &lt;code&gt;grad_fn&lt;/code&gt; and the backward graph.</source>
        <translation>수식으로 계산 그래프를 만들고 순전파와 역전파를 실행하면서, PyTorch 방식의 autograd가 &lt;code&gt;.grad&lt;/code&gt;, &lt;code&gt;grad_fn&lt;/code&gt;, 역전파 그래프를 채우는 과정을 살펴보세요.</translation>
    </message>
    <message>
        <source>New graph</source>
        <translation>새 그래프</translation>
    </message>
    <message>
        <source>Open graph</source>
        <translation>그래프 열기</translation>
    </message>
    <message>
        <source>Save graph as</source>
        <translation>다른 이름으로 그래프 저장</translation>
    </message>
    <message>
        <source>Export GraphML</source>
        <translation>GraphML 내보내기</translation>
    </message>
    <message>
        <source>{name}: the file does not exist ({path})</source>
        <translation>{name}: 파일이 없습니다 ({path})</translation>
    </message>
    <message>
        <source>{name}: is a folder, not a file</source>
        <translation>{name}: 파일이 아니라 폴더입니다</translation>
    </message>
    <message>
        <source>{name}: permission denied</source>
        <translation>{name}: 권한이 없습니다</translation>
    </message>
    <message>
        <source>{name}: not a text file</source>
        <translation>{name}: 텍스트 파일이 아닙니다</translation>
    </message>
    <message>
        <source>{name} (line {line}): {error}</source>
        <translation>{name} ({line}번째 줄): {error}</translation>
    </message>
    <message>
        <source>Opened {path}</source>
        <translation>열었습니다: {path}</translation>
    </message>
    <message>
        <source>Could not save</source>
        <translation>저장할 수 없습니다</translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation>저장했습니다: {path}</translation>
    </message>
    <message>
        <source>Could not export</source>
        <translation>내보낼 수 없습니다</translation>
    </message>
    <message>
        <source>Exported {count} nodes as GraphML to {path}</source>
        <translation>노드 {count}개를 GraphML로 내보냈습니다: {path}</translation>
    </message>
    <message>
        <source>Could not open file</source>
        <translation>파일을 열 수 없습니다</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>저장</translation>
    </message>
    <message>
        <source>Could not save {path}: {error}</source>
        <translation>{path}을(를) 저장할 수 없습니다: {error}</translation>
    </message>
    <message>
        <source>Could not export GraphML to {path}: {error}</source>
        <translation>{path}에 GraphML을 내보낼 수 없습니다: {error}</translation>
    </message>
    <message>
        <source>“{name}” is read-only. Save anyway?</source>
        <translation>“{name}”은(는) 읽기 전용입니다. 그래도 저장할까요?</translation>
    </message>
    <message>
        <source>zero_grad(): every .grad is None again</source>
        <translation>zero_grad(): 모든 .grad가 다시 None이 되었습니다</translation>
    </message>
    <message>
        <source>Train step ({optimizer}, lr={lr})</source>
        <translation>학습 단계 ({optimizer}, lr={lr})</translation>
    </message>
    <message>
        <source>{what} in {ms} ms</source>
        <translation>{what} {ms} ms</translation>
    </message>
    <message>
        <source>External gradient for a non-scalar root: Q.backward(gradient=…)</source>
        <translation>스칼라가 아닌 뿌리의 외부 기울기: Q.backward(gradient=…)</translation>
    </message>
    <message>
        <source>forward</source>
        <translation>순전파</translation>
    </message>
    <message>
        <source>backward</source>
        <translation>역전파</translation>
    </message>
    <message>
        <source>train step</source>
        <translation>학습 단계</translation>
    </message>
    <message>
        <source>backward failed: {error}</source>
        <translation>역전파 실패: {error}</translation>
    </message>
    <message>
        <source>showing results on the canvas</source>
        <translation>캔버스에 결과 표시</translation>
    </message>
    <message>
        <source>{what} failed: {kind}: {error}</source>
        <translation>{what} 실패: {kind}: {error}</translation>
    </message>
    <message>
        <source>the root is not a scalar: Backward (F5) uses the gradient field, ones of its shape unless you edit it</source>
        <translation>뿌리가 스칼라가 아닙니다: 역전파(F5)는 기울기 칸의 값을 씁니다 (고치지 않으면 같은 모양의 1)</translation>
    </message>
    <message>
        <source>{label}: optimizer.zero_grad(), loss.backward(), optimizer.step(); loss {loss}; updated {names}</source>
        <translation>{label}: optimizer.zero_grad(), loss.backward(), optimizer.step(); 손실 {loss}; 갱신: {names}</translation>
    </message>
    <message>
        <source>backward: {error}</source>
        <translation>역전파: {error}</translation>
    </message>
    <message>
        <source>drawing the backward graph</source>
        <translation>역전파 그래프 그리기</translation>
    </message>
    <message>
        <source>The root has shape {shape}: backward needs a gradient of that shape, e.g. {example}</source>
        <translation>뿌리의 모양이 {shape}입니다: backward에는 같은 모양의 기울기가 필요합니다. 예: {example}</translation>
    </message>
    <message>
        <source>gradient: shape {shape} does not match the root&apos;s shape {root_shape} (backward will report it)</source>
        <translation>기울기: 모양 {shape}이(가) 뿌리의 모양 {root_shape}과(와) 맞지 않습니다 (역전파에서 오류로 알려 줍니다)</translation>
    </message>
    <message>
        <source>Train step: {error}</source>
        <translation>학습 단계: {error}</translation>
    </message>
    <message>
        <source>gradient: {error}</source>
        <translation>기울기: {error}</translation>
    </message>
    <message>
        <source>Running the program…</source>
        <translation>프로그램 실행 중…</translation>
    </message>
    <message>
        <source>Copied the graph as a runnable PyTorch script</source>
        <translation>그래프를 실행 가능한 PyTorch 스크립트로 복사했습니다</translation>
    </message>
    <message>
        <source>A program is still running: Stop it first</source>
        <translation>프로그램이 아직 실행 중입니다: 먼저 중지하세요</translation>
    </message>
    <message>
        <source>line {line} just ran · statement {k} of {n}</source>
        <translation>{line}번째 줄 실행됨 · 문장 {k}/{n}</translation>
    </message>
    <message>
        <source>random values are drawn again for this view unless the program calls torch.manual_seed</source>
        <translation>프로그램이 torch.manual_seed를 호출하지 않으면 이 보기를 위해 난수를 다시 뽑습니다</translation>
    </message>
    <message>
        <source>reading the script</source>
        <translation>스크립트 읽기</translation>
    </message>
    <message>
        <source>Built {count} nodes from the script</source>
        <translation>스크립트에서 노드 {count}개를 만들었습니다</translation>
    </message>
    <message>
        <source>Applied the script: {count} nodes</source>
        <translation>스크립트를 적용했습니다: 노드 {count}개</translation>
    </message>
    <message>
        <source>printing the graph as a script</source>
        <translation>그래프를 스크립트로 출력</translation>
    </message>
    <message>
        <source>printing the graph as PyTorch code</source>
        <translation>그래프를 PyTorch 코드로 출력</translation>
    </message>
    <message>
        <source>program: {error}</source>
        <translation>프로그램: {error}</translation>
    </message>
    <message>
        <source>The program&apos;s graph is now an editable graph: {count} nodes</source>
        <translation>프로그램의 그래프가 이제 편집 가능한 그래프입니다: 노드 {count}개</translation>
    </message>
    <message>
        <source># this graph holds {count} numbers: too many to print as a script</source>
        <translation># 이 그래프에는 숫자가 {count}개 있습니다: 스크립트로 출력하기에는 너무 많습니다</translation>
    </message>
    <message>
        <source> (line {line}, column {col})</source>
        <translation> ({line}행 {col}열)</translation>
    </message>
    <message>
        <source>script{where}: {message}</source>
        <translation>스크립트{where}: {message}</translation>
    </message>
    <message>
        <source>The program ran: {count} statements</source>
        <translation>프로그램 실행 완료: 문장 {count}개</translation>
    </message>
    <message>
        <source>not shown</source>
        <translation>표시 안 됨</translation>
    </message>
    <message>
        <source>Edit this graph: {error}</source>
        <translation>이 그래프 편집: {error}</translation>
    </message>
    <message>
        <source>leaf tensor</source>
        <translation>잎 텐서</translation>
    </message>
    <message>
        <source>constant</source>
        <translation>상수</translation>
    </message>
    <message>
        <source>operation</source>
        <translation>연산</translation>
    </message>
    <message>
        <source>tensor (leaf)</source>
        <translation>텐서 (잎)</translation>
    </message>
    <message>
        <source>A leaf tensor: a value you set, optionally requires_grad=True</source>
        <translation>잎 텐서: 직접 정하는 값, 필요하면 requires_grad=True</translation>
    </message>
    <message>
        <source>A constant (a Python number when 0-d, like the 3 in 3*a)</source>
        <translation>상수 (0차원이면 3*a의 3처럼 파이썬 숫자)</translation>
    </message>
    <message>
        <source>Tab / double-click</source>
        <translation>Tab / 더블클릭</translation>
    </message>
    <message>
        <source>Search and add a node at the cursor</source>
        <translation>커서 위치에 노드를 검색해 추가</translation>
    </message>
    <message>
        <source>Drag port → port</source>
        <translation>포트 → 포트로 끌기</translation>
    </message>
    <message>
        <source>Connect (a refused drop says why)</source>
        <translation>연결 (거절되면 이유를 알려 줍니다)</translation>
    </message>
    <message>
        <source>Drag a node</source>
        <translation>노드 끌기</translation>
    </message>
    <message>
        <source>Move (one undo step per drag)</source>
        <translation>이동 (끌기 한 번이 실행 취소 한 단계)</translation>
    </message>
    <message>
        <source>Drag on empty canvas</source>
        <translation>빈 캔버스에서 끌기</translation>
    </message>
    <message>
        <source>Rubber-band selection</source>
        <translation>영역 선택</translation>
    </message>
    <message>
        <source>Wheel</source>
        <translation>휠</translation>
    </message>
    <message>
        <source>Zoom at the cursor</source>
        <translation>커서 위치에서 확대/축소</translation>
    </message>
    <message>
        <source>Middle-drag / Space+drag</source>
        <translation>가운데 버튼 끌기 / Space+끌기</translation>
    </message>
    <message>
        <source>Pan</source>
        <translation>화면 이동</translation>
    </message>
    <message>
        <source>F</source>
        <translation>F</translation>
    </message>
    <message>
        <source>Fit the whole graph</source>
        <translation>그래프 전체 맞추기</translation>
    </message>
    <message>
        <source>L</source>
        <translation>L</translation>
    </message>
    <message>
        <source>Lay out the graph (left to right)</source>
        <translation>그래프 자동 정렬 (왼쪽에서 오른쪽으로)</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>삭제</translation>
    </message>
    <message>
        <source>Delete the selection</source>
        <translation>선택 항목 삭제</translation>
    </message>
    <message>
        <source>Double-click a leaf</source>
        <translation>잎 텐서 더블클릭</translation>
    </message>
    <message>
        <source>Edit its value in place</source>
        <translation>그 자리에서 값 편집</translation>
    </message>
    <message>
        <source>Ctrl+Return (code editor)</source>
        <translation>Ctrl+Return (코드 편집기)</translation>
    </message>
    <message>
        <source>Apply the script</source>
        <translation>스크립트 적용</translation>
    </message>
    <message>
        <source>Ops</source>
        <translation>연산</translation>
    </message>
    <message>
        <source>Filter ops…  (name, label or description)</source>
        <translation>연산 찾기…  (이름, 레이블 또는 설명)</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>코드</translation>
    </message>
    <message>
        <source># Type or paste PyTorch-style code, then Apply (Ctrl+Return):
a = tensor([2., 3.], requires_grad=True)
b = tensor([6., 4.], requires_grad=True)
Q = 3*a**3 - b**2
Q.backward(gradient=tensor([1., 1.]))</source>
        <translation># PyTorch 스타일 코드를 입력하거나 붙여 넣은 뒤 적용(Ctrl+Return)하세요:
a = tensor([2., 3.], requires_grad=True)
b = tensor([6., 4.], requires_grad=True)
Q = 3*a**3 - b**2
Q.backward(gradient=tensor([1., 1.]))</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>적용</translation>
    </message>
    <message>
        <source>Build the graph from this script (Ctrl+Return); undoable</source>
        <translation>이 스크립트로 그래프를 만듭니다 (Ctrl+Return). 실행 취소할 수 있습니다</translation>
    </message>
    <message>
        <source>From graph</source>
        <translation>그래프에서</translation>
    </message>
    <message>
        <source>Replace the text with the current graph printed as a script</source>
        <translation>현재 그래프를 스크립트로 출력해 텍스트를 바꿉니다</translation>
    </message>
    <message>
        <source>Copy torch</source>
        <translation>PyTorch로 복사</translation>
    </message>
    <message>
        <source>Copy a runnable PyTorch script of the graph to the clipboard</source>
        <translation>그래프를 실행 가능한 PyTorch 스크립트로 클립보드에 복사합니다</translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation>속성</translation>
    </message>
    <message>
        <source>name</source>
        <translation>이름</translation>
    </message>
    <message>
        <source>Rename (Enter applies; names are Python identifiers)</source>
        <translation>이름 바꾸기 (Enter로 적용, 이름은 파이썬 식별자)</translation>
    </message>
    <message>
        <source>op</source>
        <translation>연산</translation>
    </message>
    <message>
        <source>shape</source>
        <translation>모양(shape)</translation>
    </message>
    <message>
        <source>dtype</source>
        <translation>dtype</translation>
    </message>
    <message>
        <source>is_leaf</source>
        <translation>is_leaf</translation>
    </message>
    <message>
        <source>grad_fn</source>
        <translation>grad_fn</translation>
    </message>
    <message>
        <source>next_functions</source>
        <translation>next_functions</translation>
    </message>
    <message>
        <source>Use as backward root</source>
        <translation>역전파 뿌리로 사용</translation>
    </message>
    <message>
        <source>Backward starts here (like calling .backward() on this tensor)</source>
        <translation>여기서 역전파가 시작됩니다 (이 텐서에 .backward()를 호출하는 것과 같습니다)</translation>
    </message>
    <message>
        <source>parameters</source>
        <translation>매개변수</translation>
    </message>
    <message>
        <source>new value, e.g. [2., 3.], Enter</source>
        <translation>새 값, 예: [2., 3.], Enter</translation>
    </message>
    <message>
        <source>Type a number or a nested list and press Enter (the shape may change)</source>
        <translation>숫자나 중첩 리스트를 입력하고 Enter를 누르세요 (모양이 바뀔 수 있습니다)</translation>
    </message>
    <message>
        <source>.grad</source>
        <translation>.grad</translation>
    </message>
    <message>
        <source>None</source>
        <translation>None</translation>
    </message>
    <message>
        <source>nodes</source>
        <translation>노드</translation>
    </message>
    <message>
        <source>edges</source>
        <translation>간선</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>frozen</source>
        <translation>고정됨</translation>
    </message>
    <message>
        <source>None  (run Backward)</source>
        <translation>None  (역전파를 실행하세요)</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>출력</translation>
    </message>
    <message>
        <source>Step over</source>
        <translation>한 단계씩</translation>
    </message>
    <message>
        <source>Next statement; a call runs whole (F10)</source>
        <translation>다음 문장; 함수 호출은 한 번에 실행 (F10)</translation>
    </message>
    <message>
        <source>Step into</source>
        <translation>안으로</translation>
    </message>
    <message>
        <source>Next statement, into called functions (F11)</source>
        <translation>다음 문장, 호출된 함수 안으로 (F11)</translation>
    </message>
    <message>
        <source>Step out</source>
        <translation>밖으로</translation>
    </message>
    <message>
        <source>Back to the caller (Shift+F11)</source>
        <translation>호출한 곳으로 돌아가기 (Shift+F11)</translation>
    </message>
    <message>
        <source>Run to end</source>
        <translation>끝까지 실행</translation>
    </message>
    <message>
        <source>The last statement of the run</source>
        <translation>실행의 마지막 문장</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>메시지</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>지우기</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>복사</translation>
    </message>
    <message>
        <source>&amp;New</source>
        <translation>새로 만들기(&amp;N)</translation>
    </message>
    <message>
        <source>Start an empty graph</source>
        <translation>빈 그래프로 시작합니다</translation>
    </message>
    <message>
        <source>New</source>
        <translation>새로 만들기</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>열기…(&amp;O)</translation>
    </message>
    <message>
        <source>Open a graph (.json) or a script</source>
        <translation>그래프(.json)나 스크립트를 엽니다</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>열기</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>저장(&amp;S)</translation>
    </message>
    <message>
        <source>Save the graph</source>
        <translation>그래프를 저장합니다</translation>
    </message>
    <message>
        <source>Save &amp;As…</source>
        <translation>다른 이름으로 저장…(&amp;A)</translation>
    </message>
    <message>
        <source>Save the graph under a new name</source>
        <translation>그래프를 새 이름으로 저장합니다</translation>
    </message>
    <message>
        <source>Save As</source>
        <translation>다른 이름으로 저장</translation>
    </message>
    <message>
        <source>Recover Unsaved &amp;Work…</source>
        <translation>저장하지 않은 작업 복구(&amp;W)…</translation>
    </message>
    <message>
        <source>List the unsaved work other sessions left behind: restore, discard or keep each copy</source>
        <translation>다른 세션이 남긴 저장하지 않은 작업을 보여 줍니다: 사본마다 복원, 버리기, 보관을 고르세요</translation>
    </message>
    <message>
        <source>Recover Unsaved Work</source>
        <translation>저장하지 않은 작업 복구</translation>
    </message>
    <message>
        <source>&amp;GraphML (yEd, Gephi)…</source>
        <translation>&amp;GraphML (yEd, Gephi)…</translation>
    </message>
    <message>
        <source>Export the graph as GraphML for graph tools such as yEd and Gephi</source>
        <translation>그래프를 yEd, Gephi 같은 그래프 도구용 GraphML로 내보냅니다</translation>
    </message>
    <message>
        <source>GraphML (yEd, Gephi)</source>
        <translation>GraphML(yEd, Gephi)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>종료(&amp;Q)</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>종료</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>실행 취소(&amp;U)</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>실행 취소</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>다시 실행(&amp;R)</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>다시 실행</translation>
    </message>
    <message>
        <source>Cu&amp;t</source>
        <translation>잘라내기(&amp;T)</translation>
    </message>
    <message>
        <source>Cut</source>
        <translation>잘라내기</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>복사(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>붙여넣기(&amp;P)</translation>
    </message>
    <message>
        <source>Paste</source>
        <translation>붙여넣기</translation>
    </message>
    <message>
        <source>&amp;Duplicate</source>
        <translation>복제(&amp;D)</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>복제</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>삭제(&amp;D)</translation>
    </message>
    <message>
        <source>Select &amp;All</source>
        <translation>모두 선택(&amp;A)</translation>
    </message>
    <message>
        <source>Select All</source>
        <translation>모두 선택</translation>
    </message>
    <message>
        <source>&amp;Group…</source>
        <translation>그룹으로 묶기…(&amp;G)</translation>
    </message>
    <message>
        <source>Frame the selected nodes as a named group</source>
        <translation>선택한 노드를 이름 있는 그룹으로 묶습니다</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>그룹</translation>
    </message>
    <message>
        <source>Use as Backward &amp;Root</source>
        <translation>역전파 뿌리로 사용(&amp;R)</translation>
    </message>
    <message>
        <source>Backward starts at the selected node</source>
        <translation>선택한 노드에서 역전파를 시작합니다</translation>
    </message>
    <message>
        <source>Use as Backward Root</source>
        <translation>역전파 뿌리로 사용</translation>
    </message>
    <message>
        <source>Forward</source>
        <translation>순전파</translation>
    </message>
    <message>
        <source>Compute every node&apos;s value</source>
        <translation>모든 노드의 값을 계산합니다</translation>
    </message>
    <message>
        <source>Backward</source>
        <translation>역전파</translation>
    </message>
    <message>
        <source>Run backward from the root: fill .grad on the leaves</source>
        <translation>뿌리에서 역전파를 실행해 잎 노드의 .grad를 채웁니다</translation>
    </message>
    <message>
        <source>Zero grad</source>
        <translation>기울기 초기화</translation>
    </message>
    <message>
        <source>Set every .grad back to None</source>
        <translation>모든 .grad를 None으로 되돌립니다</translation>
    </message>
    <message>
        <source>Train step</source>
        <translation>학습 단계</translation>
    </message>
    <message>
        <source>One optimizer step on the leaves that require grad: optimizer.zero_grad(), loss.backward(), optimizer.step()</source>
        <translation>기울기를 요구하는 잎 노드에 대해 옵티마이저를 한 단계 실행합니다: optimizer.zero_grad(), loss.backward(), optimizer.step()</translation>
    </message>
    <message>
        <source>Auto-run</source>
        <translation>자동 실행</translation>
    </message>
    <message>
        <source>Recompute forward and backward on every edit</source>
        <translation>편집할 때마다 순전파와 역전파를 다시 계산합니다</translation>
    </message>
    <message>
        <source>Layout</source>
        <translation>정렬</translation>
    </message>
    <message>
        <source>Lay out the graph left to right (L)</source>
        <translation>그래프를 왼쪽에서 오른쪽으로 정렬합니다 (L)</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>맞추기</translation>
    </message>
    <message>
        <source>Fit the whole graph in view (F)</source>
        <translation>그래프 전체를 화면에 맞춥니다 (F)</translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation>확대(&amp;I)</translation>
    </message>
    <message>
        <source>Zoom In</source>
        <translation>확대</translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation>축소(&amp;O)</translation>
    </message>
    <message>
        <source>Zoom Out</source>
        <translation>축소</translation>
    </message>
    <message>
        <source>&amp;Forward Graph</source>
        <translation>순전파 그래프(&amp;F)</translation>
    </message>
    <message>
        <source>Forward Graph</source>
        <translation>순전파 그래프</translation>
    </message>
    <message>
        <source>Forward graph</source>
        <translation>순전파 그래프</translation>
    </message>
    <message>
        <source>&amp;Backward Graph (autograd DAG)</source>
        <translation>역전파 그래프(autograd DAG)(&amp;B)</translation>
    </message>
    <message>
        <source>Backward Graph (autograd DAG)</source>
        <translation>역전파 그래프(autograd DAG)</translation>
    </message>
    <message>
        <source>Backward graph</source>
        <translation>역전파 그래프</translation>
    </message>
    <message>
        <source>&amp;Side by Side</source>
        <translation>나란히 보기(&amp;S)</translation>
    </message>
    <message>
        <source>Side by Side</source>
        <translation>나란히 보기</translation>
    </message>
    <message>
        <source>Side by side</source>
        <translation>나란히 보기</translation>
    </message>
    <message>
        <source>Follow &amp;System</source>
        <translation>시스템 설정 따르기(&amp;S)</translation>
    </message>
    <message>
        <source>Follow System</source>
        <translation>시스템 설정 따르기</translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation>밝은 테마(&amp;L)</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>밝은 테마</translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation>어두운 테마(&amp;D)</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>어두운 테마</translation>
    </message>
    <message>
        <source>&amp;High Contrast</source>
        <translation>고대비(&amp;H)</translation>
    </message>
    <message>
        <source>High Contrast</source>
        <translation>고대비</translation>
    </message>
    <message>
        <source>&amp;Getting Started</source>
        <translation>시작하기(&amp;G)</translation>
    </message>
    <message>
        <source>A short tour on the tutorial&apos;s graph: build, run, freeze, step</source>
        <translation>튜토리얼 그래프로 짧게 둘러보기: 만들기, 실행, 고정, 단계 실행</translation>
    </message>
    <message>
        <source>Getting Started</source>
        <translation>시작하기</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>단축키(&amp;K)</translation>
    </message>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>단축키</translation>
    </message>
    <message>
        <source>&amp;About Autograd Explorer</source>
        <translation>Autograd Explorer 정보(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>파일(&amp;F)</translation>
    </message>
    <message>
        <source>File</source>
        <translation>파일</translation>
    </message>
    <message>
        <source>Open &amp;Example</source>
        <translation>예제 열기(&amp;E)</translation>
    </message>
    <message>
        <source>Open Example</source>
        <translation>예제 열기</translation>
    </message>
    <message>
        <source>Seed tutorial: Q = 3a³ − b²</source>
        <translation>튜토리얼 예제: Q = 3a³ − b²</translation>
    </message>
    <message>
        <source>Two-layer MLP with MSE loss</source>
        <translation>MSE 손실을 쓰는 2층 MLP</translation>
    </message>
    <message>
        <source>Single neuron: tanh(w·x + b)</source>
        <translation>단일 뉴런: tanh(w·x + b)</translation>
    </message>
    <message>
        <source>Transfer learning: frozen backbone, new head</source>
        <translation>전이 학습: 고정된 백본, 새 헤드</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>최근 파일 열기(&amp;R)</translation>
    </message>
    <message>
        <source>Open Recent</source>
        <translation>최근 파일 열기</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>내보내기(&amp;E)</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>내보내기</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>편집(&amp;E)</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>편집</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>실행(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>보기(&amp;V)</translation>
    </message>
    <message>
        <source>View</source>
        <translation>보기</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>테마(&amp;T)</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>테마</translation>
    </message>
    <message>
        <source>Font &amp;Size</source>
        <translation>글꼴 크기(&amp;S)</translation>
    </message>
    <message>
        <source>Font Size</source>
        <translation>글꼴 크기</translation>
    </message>
    <message>
        <source>&amp;Panels</source>
        <translation>패널(&amp;P)</translation>
    </message>
    <message>
        <source>Panels</source>
        <translation>패널</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>도움말(&amp;H)</translation>
    </message>
    <message>
        <source>Help</source>
        <translation>도움말</translation>
    </message>
    <message>
        <source>&amp;Fit All	F</source>
        <translation>전체 보기(&amp;F)	F</translation>
    </message>
    <message>
        <source>Fit All	F</source>
        <translation>전체 보기	F</translation>
    </message>
    <message>
        <source>&amp;Lay Out Graph	L</source>
        <translation>그래프 자동 정렬(&amp;L)	L</translation>
    </message>
    <message>
        <source>Lay Out Graph	L</source>
        <translation>그래프 자동 정렬	L</translation>
    </message>
    <message>
        <source>  gradient </source>
        <translation>  기울기 </translation>
    </message>
    <message>
        <source>e.g. [1, 1]</source>
        <translation>예: [1, 1]</translation>
    </message>
    <message>
        <source>Optimizer for Train step</source>
        <translation>학습 단계에 쓸 옵티마이저</translation>
    </message>
    <message>
        <source>SGD</source>
        <translation>SGD</translation>
    </message>
    <message>
        <source>SGD, momentum 0.9</source>
        <translation>SGD, 모멘텀 0.9</translation>
    </message>
    <message>
        <source>Adam</source>
        <translation>Adam</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>학습률</translation>
    </message>
    <message>
        <source>view </source>
        <translation>보기 </translation>
    </message>
    <message>
        <source>0 nodes · 0 edges · root: —</source>
        <translation>노드 0개 · 간선 0개 · 뿌리: —</translation>
    </message>
    <message>
        <source>&amp;Image (PNG, SVG, PDF)…</source>
        <translation>이미지(PNG, SVG, PDF)…(&amp;I)</translation>
    </message>
    <message>
        <source>Image (PNG, SVG, PDF)</source>
        <translation>이미지(PNG, SVG, PDF)</translation>
    </message>
    <message>
        <source>Export the forward or backward graph as an image</source>
        <translation>순전파 또는 역전파 그래프를 이미지로 내보냅니다</translation>
    </message>
    <message>
        <source>Copy Image to &amp;Clipboard</source>
        <translation>이미지를 클립보드에 복사(&amp;C)</translation>
    </message>
    <message>
        <source>Copy Image to Clipboard</source>
        <translation>이미지를 클립보드에 복사</translation>
    </message>
    <message>
        <source>Copy a picture of the graph (or the selection) with the last export options</source>
        <translation>마지막 내보내기 설정으로 그래프(또는 선택 영역)의 그림을 복사합니다</translation>
    </message>
    <message>
        <source>Step-through</source>
        <translation>단계별 실행</translation>
    </message>
    <message>
        <source>|◀ Start</source>
        <translation>|◀ 처음</translation>
    </message>
    <message>
        <source>Jump to the start (before the forward pass) (Home)</source>
        <translation>처음으로 이동 (순전파 이전) (Home)</translation>
    </message>
    <message>
        <source>◀ Step back</source>
        <translation>◀ 한 단계 뒤로</translation>
    </message>
    <message>
        <source>Step back one node (Shift+Left)</source>
        <translation>한 노드 뒤로 (Shift+Left)</translation>
    </message>
    <message>
        <source>▶ Play</source>
        <translation>▶ 재생</translation>
    </message>
    <message>
        <source>Play the steps one after another / pause (Ctrl+Space)</source>
        <translation>단계를 차례로 재생 / 일시 정지 (Ctrl+Space)</translation>
    </message>
    <message>
        <source>Step ▶</source>
        <translation>단계 ▶</translation>
    </message>
    <message>
        <source>Step forward one node (Shift+Right)</source>
        <translation>한 노드 앞으로 (Shift+Right)</translation>
    </message>
    <message>
        <source>End ▶|</source>
        <translation>끝 ▶|</translation>
    </message>
    <message>
        <source>Jump to the end of the backward pass (End)</source>
        <translation>역전파의 끝으로 이동 (End)</translation>
    </message>
    <message>
        <source>Ops only</source>
        <translation>연산만</translation>
    </message>
    <message>
        <source>Step through op nodes only: leaves and constants are shown as already known</source>
        <translation>연산 노드만 단계별로 실행합니다. 잎과 상수는 이미 값이 정해진 것으로 표시됩니다</translation>
    </message>
    <message>
        <source> Speed </source>
        <translation> 속도 </translation>
    </message>
    <message>
        <source>0.5 steps/s</source>
        <translation>초당 0.5단계</translation>
    </message>
    <message>
        <source>1 steps/s</source>
        <translation>초당 1단계</translation>
    </message>
    <message>
        <source>2 steps/s</source>
        <translation>초당 2단계</translation>
    </message>
    <message>
        <source>4 steps/s</source>
        <translation>초당 4단계</translation>
    </message>
    <message>
        <source>Lecture</source>
        <translation>강의</translation>
    </message>
    <message>
        <source>No lecture open</source>
        <translation>열린 강의가 없습니다</translation>
    </message>
    <message>
        <source>Jump to a slide</source>
        <translation>슬라이드로 이동</translation>
    </message>
    <message>
        <source>◀ Back</source>
        <translation>◀ 이전</translation>
    </message>
    <message>
        <source>Next ▶</source>
        <translation>다음 ▶</translation>
    </message>
    <message>
        <source>Chain rule</source>
        <translation>연쇄 법칙</translation>
    </message>
    <message>
        <source>Step through a pass to see the chain rule with numbers</source>
        <translation>단계별로 실행하면 연쇄 법칙이 실제 숫자와 함께 표시됩니다</translation>
    </message>
    <message>
        <source>Lecture slides</source>
        <translation>강의 슬라이드</translation>
    </message>
    <message>
        <source>English</source>
        <translation>English</translation>
    </message>
    <message>
        <source>한국어</source>
        <translation>한국어</translation>
    </message>
    <message>
        <source>Lecture title</source>
        <translation>강의 제목</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>언어</translation>
    </message>
    <message>
        <source>Add current graph</source>
        <translation>현재 그래프 추가</translation>
    </message>
    <message>
        <source>Add the graph as it is now (values, run, current step, selection) as a new slide</source>
        <translation>지금의 그래프(값, 실행 상태, 현재 단계, 선택)를 새 슬라이드로 추가합니다</translation>
    </message>
    <message>
        <source>Add a copy of the selected slide after it</source>
        <translation>선택한 슬라이드의 복사본을 바로 뒤에 추가</translation>
    </message>
    <message>
        <source>Move the slide up</source>
        <translation>슬라이드를 위로 이동</translation>
    </message>
    <message>
        <source>Move the slide down</source>
        <translation>슬라이드를 아래로 이동</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>텍스트</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>노트</translation>
    </message>
    <message>
        <source>Graph</source>
        <translation>그래프</translation>
    </message>
    <message>
        <source>Shows</source>
        <translation>표시 내용</translation>
    </message>
    <message>
        <source>Edit actions…</source>
        <translation>동작 편집…</translation>
    </message>
    <message>
        <source>Replace graph with current</source>
        <translation>현재 그래프로 바꾸기</translation>
    </message>
    <message>
        <source>Clicker steps</source>
        <translation>클리커 단계</translation>
    </message>
    <message>
        <source>no stepping</source>
        <translation>단계 없음</translation>
    </message>
    <message>
        <source>forward pass</source>
        <translation>순전파</translation>
    </message>
    <message>
        <source>backward pass</source>
        <translation>역전파</translation>
    </message>
    <message>
        <source>forward and backward</source>
        <translation>순전파와 역전파</translation>
    </message>
    <message>
        <source>ops only</source>
        <translation>연산만</translation>
    </message>
    <message>
        <source>Annotations</source>
        <translation>주석</translation>
    </message>
    <message>
        <source>Arrow</source>
        <translation>화살표</translation>
    </message>
    <message>
        <source>Annotations are placed in the middle of the canvas; drag them into place, drag an arrow&apos;s end or a box&apos;s corner to resize</source>
        <translation>주석은 캔버스 가운데에 놓입니다. 끌어서 옮기고, 화살표의 끝이나 상자의 모서리를 끌어 크기를 바꿉니다</translation>
    </message>
    <message>
        <source>Box</source>
        <translation>상자</translation>
    </message>
    <message>
        <source>Pen</source>
        <translation>펜</translation>
    </message>
    <message>
        <source>Draw freehand on the canvas while this is on</source>
        <translation>켜져 있는 동안 캔버스에 자유롭게 그립니다</translation>
    </message>
    <message>
        <source>Remove last</source>
        <translation>마지막 것 삭제</translation>
    </message>
    <message>
        <source>Speaker notes: only you see them, in the presenter view</source>
        <translation>발표자 노트: 발표자 보기에서 발표자에게만 보입니다</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>제목</translation>
    </message>
    <message>
        <source>Narration</source>
        <translation>해설</translation>
    </message>
    <message>
        <source>Narration: **bold**, *italic*, `code`, lines starting with - are bullets</source>
        <translation>해설: **굵게**, *기울임*, `코드`, -로 시작하는 줄은 글머리 기호</translation>
    </message>
    <message>
        <source>Looks like</source>
        <translation>미리 보기</translation>
    </message>
    <message>
        <source>Open…</source>
        <translation>열기…</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>미리 보기</translation>
    </message>
    <message>
        <source>Play the lecture in the window from the selected slide</source>
        <translation>선택한 슬라이드부터 창에서 강의를 재생합니다</translation>
    </message>
    <message>
        <source>Save…</source>
        <translation>저장…</translation>
    </message>
    <message>
        <source>&amp;Lecture</source>
        <translation>강의(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Bundled Lectures</source>
        <translation>기본 제공 강의(&amp;B)</translation>
    </message>
    <message>
        <source>Bundled Lectures</source>
        <translation>기본 제공 강의</translation>
    </message>
    <message>
        <source>Presentation &amp;Font Size</source>
        <translation>발표 글꼴 크기(&amp;F)</translation>
    </message>
    <message>
        <source>Presentation Font Size</source>
        <translation>발표 글꼴 크기</translation>
    </message>
    <message>
        <source>&amp;Interface Language</source>
        <translation>인터페이스 언어(&amp;I)</translation>
    </message>
    <message>
        <source>Interface Language</source>
        <translation>인터페이스 언어</translation>
    </message>
    <message>
        <source>&amp;Open Lecture…</source>
        <translation>강의 열기…(&amp;O)</translation>
    </message>
    <message>
        <source>Open Lecture</source>
        <translation>강의 열기</translation>
    </message>
    <message>
        <source>A gentle introduction to torch.autograd</source>
        <translation>torch.autograd 친절한 입문 (영어)</translation>
    </message>
    <message>
        <source>torch.autograd 친절한 입문</source>
        <translation>torch.autograd 친절한 입문</translation>
    </message>
    <message>
        <source>Gradient accumulation and zero_grad</source>
        <translation>기울기 누적과 zero_grad (영어)</translation>
    </message>
    <message>
        <source>기울기 누적과 zero_grad</source>
        <translation>기울기 누적과 zero_grad</translation>
    </message>
    <message>
        <source>Backprop through a neuron</source>
        <translation>뉴런을 통한 역전파 (영어)</translation>
    </message>
    <message>
        <source>&amp;Close Lecture</source>
        <translation>강의 닫기(&amp;C)</translation>
    </message>
    <message>
        <source>Close Lecture</source>
        <translation>강의 닫기</translation>
    </message>
    <message>
        <source>&amp;Presentation Mode</source>
        <translation>발표 모드(&amp;P)</translation>
    </message>
    <message>
        <source>Presentation Mode</source>
        <translation>발표 모드</translation>
    </message>
    <message>
        <source>Presenter &amp;View (P)</source>
        <translation>발표자 보기(&amp;V) (P)</translation>
    </message>
    <message>
        <source>Presenter View (P)</source>
        <translation>발표자 보기 (P)</translation>
    </message>
    <message>
        <source>Step &amp;Forward</source>
        <translation>한 단계 앞으로(&amp;F)</translation>
    </message>
    <message>
        <source>Step Forward</source>
        <translation>한 단계 앞으로</translation>
    </message>
    <message>
        <source>Step &amp;Back</source>
        <translation>한 단계 뒤로(&amp;B)</translation>
    </message>
    <message>
        <source>Step Back</source>
        <translation>한 단계 뒤로</translation>
    </message>
    <message>
        <source>E&amp;xport Current Step as Image…</source>
        <translation>현재 단계를 이미지로 내보내기…(&amp;X)</translation>
    </message>
    <message>
        <source>Export Current Step as Image</source>
        <translation>현재 단계를 이미지로 내보내기</translation>
    </message>
    <message>
        <source>&amp;Edit Slides…</source>
        <translation>슬라이드 편집…(&amp;E)</translation>
    </message>
    <message>
        <source>Edit Slides</source>
        <translation>슬라이드 편집</translation>
    </message>
    <message>
        <source>&amp;Add Current Graph as Slide</source>
        <translation>현재 그래프를 슬라이드로 추가(&amp;A)</translation>
    </message>
    <message>
        <source>Add Current Graph as Slide</source>
        <translation>현재 그래프를 슬라이드로 추가</translation>
    </message>
    <message>
        <source>System</source>
        <translation>시스템 설정</translation>
    </message>
    <message>
        <source>&amp;Plots</source>
        <translation>플롯(&amp;P)</translation>
    </message>
    <message>
        <source>Plots</source>
        <translation>플롯</translation>
    </message>
    <message>
        <source>&amp;Slope View…</source>
        <translation>기울기 보기…(&amp;S)</translation>
    </message>
    <message>
        <source>A gradient as the slope of a curve: y against one element of a leaf</source>
        <translation>곡선의 기울기로 보는 gradient: 잎 노드의 한 원소에 따른 y</translation>
    </message>
    <message>
        <source>Slope View</source>
        <translation>기울기 보기</translation>
    </message>
    <message>
        <source>&amp;Training…</source>
        <translation>학습…(&amp;T)</translation>
    </message>
    <message>
        <source>Run many optimizer steps with a live loss curve; frozen leaves stay flat</source>
        <translation>옵티마이저를 여러 단계 실행하며 손실 곡선을 실시간으로 봅니다. 고정된 잎 노드는 변하지 않습니다</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>학습</translation>
    </message>
    <message>
        <source>Tensor &amp;View of Selection</source>
        <translation>선택한 텐서 보기(&amp;V)</translation>
    </message>
    <message>
        <source>The selected node&apos;s value and gradient as heatmaps or bar plots</source>
        <translation>선택한 노드의 값과 기울기를 히트맵이나 막대 그래프로 봅니다</translation>
    </message>
    <message>
        <source>Tensor View of Selection</source>
        <translation>선택한 텐서 보기</translation>
    </message>
    <message>
        <source>Tensor plot</source>
        <translation>텐서 플롯</translation>
    </message>
    <message>
        <source>Select a node to plot its value and gradient.</source>
        <translation>노드를 선택하면 값과 기울기가 그려집니다.</translation>
    </message>
    <message>
        <source>No recent files</source>
        <translation>최근 파일 없음</translation>
    </message>
    <message>
        <source>Export Image</source>
        <translation>이미지 내보내기</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>파일:</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>찾아보기…</translation>
    </message>
    <message>
        <source>Format:</source>
        <translation>형식:</translation>
    </message>
    <message>
        <source>PNG (bitmap)</source>
        <translation>PNG (비트맵)</translation>
    </message>
    <message>
        <source>View:</source>
        <translation>보기:</translation>
    </message>
    <message>
        <source>Forward graph (canvas)</source>
        <translation>순전파 그래프 (캔버스)</translation>
    </message>
    <message>
        <source>Backward graph (grad_fn DAG)</source>
        <translation>역전파 그래프 (grad_fn DAG)</translation>
    </message>
    <message>
        <source>Draw:</source>
        <translation>범위:</translation>
    </message>
    <message>
        <source>Whole graph</source>
        <translation>그래프 전체</translation>
    </message>
    <message>
        <source>Selection (0 nodes)</source>
        <translation>선택 항목 (노드 0개)</translation>
    </message>
    <message>
        <source>Theme:</source>
        <translation>테마:</translation>
    </message>
    <message>
        <source>Print (black and white)</source>
        <translation>인쇄용 (흑백)</translation>
    </message>
    <message>
        <source>High contrast</source>
        <translation>고대비</translation>
    </message>
    <message>
        <source>PNG scale:</source>
        <translation>PNG 배율:</translation>
    </message>
    <message>
        <source>Transparent background</source>
        <translation>투명 배경</translation>
    </message>
    <message>
        <source>Show:</source>
        <translation>표시:</translation>
    </message>
    <message>
        <source>Values</source>
        <translation>값</translation>
    </message>
    <message>
        <source>Gradients (.grad)</source>
        <translation>기울기 (.grad)</translation>
    </message>
    <message>
        <source>grad_fn names</source>
        <translation>grad_fn 이름</translation>
    </message>
    <message>
        <source>Shapes and dtypes</source>
        <translation>모양과 dtype</translation>
    </message>
    <message>
        <source>Gradient labels on edges</source>
        <translation>간선에 기울기 표시</translation>
    </message>
    <message>
        <source>Store the graph in the image (open it again to edit)</source>
        <translation>이미지에 그래프 저장 (다시 열어 편집 가능)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>Slope — Autograd Explorer</source>
        <translation>기울기(접선) — Autograd Explorer</translation>
    </message>
    <message>
        <source>Save this plot as PNG or SVG</source>
        <translation>이 그래프를 PNG나 SVG로 저장</translation>
    </message>
    <message>
        <source>PNG image…</source>
        <translation>PNG 이미지…</translation>
    </message>
    <message>
        <source>PNG image</source>
        <translation>PNG 이미지</translation>
    </message>
    <message>
        <source>SVG drawing…</source>
        <translation>SVG 그림…</translation>
    </message>
    <message>
        <source>SVG drawing</source>
        <translation>SVG 그림</translation>
    </message>
    <message>
        <source>y: the node whose value is plotted</source>
        <translation>y: 값을 그릴 노드</translation>
    </message>
    <message>
        <source>y must be a scalar: one element, or Σ gradient·y as backward(gradient) computes</source>
        <translation>y는 스칼라여야 합니다: 원소 하나, 또는 backward(gradient)가 계산하는 Σ gradient·y</translation>
    </message>
    <message>
        <source>x: the leaf tensor that varies</source>
        <translation>x: 값을 바꿔 볼 잎 텐서</translation>
    </message>
    <message>
        <source>the element of the leaf that varies (the others keep their values)</source>
        <translation>바꿔 볼 잎 텐서의 원소 (나머지는 값 유지)</translation>
    </message>
    <message>
        <source>How far x goes either side of its current value (auto: max(1, |x|))</source>
        <translation>x를 현재 값에서 양쪽으로 얼마나 바꿀지 (자동: max(1, |x|))</translation>
    </message>
    <message>
        <source>y =</source>
        <translation>y =</translation>
    </message>
    <message>
        <source>x =</source>
        <translation>x =</translation>
    </message>
    <message>
        <source>there is no op node to plot yet</source>
        <translation>아직 그릴 연산 노드가 없습니다</translation>
    </message>
    <message>
        <source>Export...</source>
        <translation>내보내기...</translation>
    </message>
    <message>
        <source>Training — Autograd Explorer</source>
        <translation>학습 — Autograd Explorer</translation>
    </message>
    <message>
        <source>SGD (momentum)</source>
        <translation>SGD (모멘텀)</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>학습</translation>
    </message>
    <message>
        <source>Run the optimizer steps (each one optimizer.zero_grad(), loss.backward(), optimizer.step()); the new values become one undo step</source>
        <translation>옵티마이저 단계를 실행합니다(각 단계: optimizer.zero_grad(), loss.backward(), optimizer.step()). 새 값은 실행 취소 한 단계가 됩니다</translation>
    </message>
    <message>
        <source>Stop after the current step and keep what was learned so far</source>
        <translation>현재 단계가 끝나면 멈추고 지금까지 학습한 값을 유지합니다</translation>
    </message>
    <message>
        <source>Leaves whose values are traced (frozen ones are drawn flat)</source>
        <translation>값을 추적할 잎 텐서 (고정된 것은 평평하게 그려짐)</translation>
    </message>
    <message>
        <source>Tensor — Autograd Explorer</source>
        <translation>텐서 — Autograd Explorer</translation>
    </message>
    <message>
        <source>&lt;b&gt;&lt;/b&gt; — select a node to plot its value and gradient</source>
        <translation>&lt;b&gt;&lt;/b&gt; — 노드를 선택하면 값과 기울기를 그립니다</translation>
    </message>
</context>
</TS>
